// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

/** What a group log entry is. Stored as an explicit code, never the ordinal. */
public enum GroupEntryKind {
    /** A member's message; the payload is its body, opaque to the server. */
    MESSAGE(1),
    /** A change to the group (members, admins, subject, settings); the payload is the encoded change node. */
    NOTIFICATION(2);

    private final int code;

    GroupEntryKind(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** @throws IllegalArgumentException for an unknown code */
    public static GroupEntryKind ofCode(int code) {
        for (GroupEntryKind kind : values()) {
            if (kind.code == code) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown group entry kind code " + code);
    }
}

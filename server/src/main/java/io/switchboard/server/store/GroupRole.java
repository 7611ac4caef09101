// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

/** A member's standing in a group. Stored as an explicit code, never the ordinal. */
public enum GroupRole {
    MEMBER(0),
    ADMIN(1);

    private final int code;

    GroupRole(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** @throws IllegalArgumentException for an unknown code */
    public static GroupRole ofCode(int code) {
        for (GroupRole role : values()) {
            if (role.code == code) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown group role code " + code);
    }
}

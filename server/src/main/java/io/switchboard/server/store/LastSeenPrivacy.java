// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

/**
 * Who may see a user's last seen time. {@link #NOBODY} also hides everyone else's last seen from that user, as
 * WhatsApp does. Stored as an explicit code, never the ordinal.
 */
public enum LastSeenPrivacy {
    EVERYONE(0),
    NOBODY(1);

    private final int code;

    LastSeenPrivacy(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** @throws IllegalArgumentException for an unknown code */
    public static LastSeenPrivacy ofCode(int code) {
        for (LastSeenPrivacy p : values()) {
            if (p.code == code) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown last seen privacy code " + code);
    }
}

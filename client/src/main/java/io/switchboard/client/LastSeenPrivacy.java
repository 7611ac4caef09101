// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

/**
 * Who may see this user's last seen time. {@link #NOBODY} also hides everyone else's last seen from this user.
 */
public enum LastSeenPrivacy {
    EVERYONE("everyone"),
    NOBODY("nobody");

    private final String wire;

    LastSeenPrivacy(String wire) {
        this.wire = wire;
    }

    /** The value of the {@code last} attribute. */
    public String wire() {
        return wire;
    }

    /** The privacy for a wire value, or null if unknown. */
    static LastSeenPrivacy fromWire(String value) {
        for (LastSeenPrivacy p : values()) {
            if (p.wire.equals(value)) {
                return p;
            }
        }
        return null;
    }
}

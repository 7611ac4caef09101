// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import java.util.Objects;

/**
 * A user's stored presence.
 *
 * @param lastSeen epoch millis when the user's last session closed; 0 when never seen
 * @param privacy  who may see {@code lastSeen}
 */
public record PresenceRecord(long lastSeen, LastSeenPrivacy privacy) {

    /** A user never seen, with the default privacy. */
    public static final PresenceRecord NONE = new PresenceRecord(0, LastSeenPrivacy.EVERYONE);

    public PresenceRecord {
        Objects.requireNonNull(privacy, "privacy");
    }
}

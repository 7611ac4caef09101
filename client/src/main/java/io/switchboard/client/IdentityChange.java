// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import io.switchboard.protocol.id.UserId;

import java.util.Objects;

/**
 * A peer's identity key changed: it re-registered (a new phone, a reinstall) or, less likely, someone is posing as
 * it. Messages keep flowing on a new session; the safety number with {@code user} is a new one, worth comparing again.
 *
 * @param user   whose identity changed
 * @param source how this client learned it
 */
public record IdentityChange(UserId user, Source source) {

    public enum Source {
        /** The server said so (PROTOCOL.md §14.4); the session with {@code user} was dropped to start over. */
        SERVER_NOTICE,
        /** A message from, or a bundle of, {@code user} carried an identity key other than the one known. */
        NEW_KEY_SEEN
    }

    public IdentityChange {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(source, "source");
    }
}

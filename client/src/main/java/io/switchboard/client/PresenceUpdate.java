// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import io.switchboard.protocol.id.UserId;

import java.time.Instant;
import java.util.Optional;

/**
 * The presence of a user this client subscribed to, as the server last reported it.
 *
 * @param user      whose presence
 * @param available whether the user has a connected session
 * @param lastSeen  when unavailable: when its last session closed, by the server's clock; empty when the user hides
 *                  it, when this user hides its own (privacy "nobody"), or when it was never seen
 */
public record PresenceUpdate(UserId user, boolean available, Optional<Instant> lastSeen) {
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import io.switchboard.protocol.id.MessageId;
import io.switchboard.protocol.id.UserId;

import java.time.Instant;

/**
 * A chat message delivered to this client.
 *
 * @param from the sender, as the server authenticated it
 * @param id   the sender's id for it; with {@code from}, what a read receipt names
 * @param time when the server accepted it
 * @param text the body
 */
public record IncomingMessage(UserId from, MessageId id, Instant time, String text) {
}

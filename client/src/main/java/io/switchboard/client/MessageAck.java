// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import io.switchboard.protocol.id.MessageId;
import io.switchboard.protocol.id.UserId;

import java.time.Instant;

/**
 * The server's acknowledgement of a sent message: it is durable on the server (one check).
 *
 * @param id   the message's id
 * @param to   its recipient
 * @param time the server's time stamp, the message's time for everyone
 */
public record MessageAck(MessageId id, UserId to, Instant time) {
}

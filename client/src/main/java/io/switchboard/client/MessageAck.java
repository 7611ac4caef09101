// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import io.switchboard.protocol.id.GroupId;
import io.switchboard.protocol.id.MessageId;
import io.switchboard.protocol.id.UserId;

import java.time.Instant;
import java.util.Optional;

/**
 * The server's acknowledgement of a sent message: it is durable on the server (one check).
 *
 * @param id    the message's id
 * @param to    its recipient; {@code null} for a group message, whose recipients are the group's members
 * @param time  the server's time stamp, the message's time for everyone
 * @param group the group it was sent to; empty for a 1:1 message
 */
public record MessageAck(MessageId id, UserId to, Instant time, Optional<GroupId> group) {

    /** The ack of a 1:1 message. */
    public MessageAck(MessageId id, UserId to, Instant time) {
        this(id, to, time, Optional.empty());
    }

    /** The ack of a group message. */
    static MessageAck ofGroup(MessageId id, GroupId group, Instant time) {
        return new MessageAck(id, null, time, Optional.of(group));
    }
}

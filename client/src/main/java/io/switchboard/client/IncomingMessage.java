// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import io.switchboard.protocol.id.GroupId;
import io.switchboard.protocol.id.MessageId;
import io.switchboard.protocol.id.UserId;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A chat message delivered to this client, sent to it alone or to a group it is in.
 *
 * @param from  the sender, as the server authenticated it (in a group, the member who sent it)
 * @param id    the sender's id for it; with {@code from} (and {@code group}), what a read receipt names
 * @param time  when the server accepted it
 * @param text  the body
 * @param group the group it was sent to; empty for a 1:1 message
 */
public record IncomingMessage(UserId from, MessageId id, Instant time, String text, Optional<GroupId> group) {

    public IncomingMessage {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(group, "group");
    }

    /** A 1:1 message. */
    public IncomingMessage(UserId from, MessageId id, Instant time, String text) {
        this(from, id, time, text, Optional.empty());
    }
}

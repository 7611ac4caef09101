// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import io.switchboard.protocol.id.GroupId;
import io.switchboard.protocol.id.MessageId;
import io.switchboard.protocol.id.UserId;
import java.util.Objects;

/**
 * One entry of a group's log: a message or a notification, stored once for all members. {@code seq} is assigned
 * by the group entity (1, 2, 3 … per group; a failed write may leave a gap) and orders everything in the group.
 * {@code payload} is opaque and never logged; it is emptied once every member has the entry.
 *
 * @param group      the group
 * @param seq        position in the group's log
 * @param kind       message or notification
 * @param sender     who sent the message, or who made the change
 * @param messageId  the sender's id for a message; {@code n<seq in hex>} for a notification
 * @param serverTime epoch millis
 * @param payload    the body, or the encoded notification node; not copied
 */
public record GroupLogEntry(GroupId group, long seq, GroupEntryKind kind, UserId sender, MessageId messageId,
        long serverTime, byte[] payload) {

    public GroupLogEntry {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(payload, "payload");
        if (seq < 1) {
            throw new IllegalArgumentException("a group log seq starts at 1: " + seq);
        }
    }

    /** Ids and the payload's length only: payload bytes never reach a log. */
    @Override
    public String toString() {
        return "GroupLogEntry[group=" + group + ", seq=" + seq + ", kind=" + kind + ", sender=" + sender
                + ", messageId=" + messageId + ", serverTime=" + serverTime + ", payload=" + payload.length
                + " bytes]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupLogEntry e && group.equals(e.group) && seq == e.seq && kind == e.kind
                && sender.equals(e.sender) && messageId.equals(e.messageId) && serverTime == e.serverTime
                && java.util.Arrays.equals(payload, e.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(group, seq, kind, sender, messageId, serverTime, java.util.Arrays.hashCode(payload));
    }
}

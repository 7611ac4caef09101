// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import io.switchboard.protocol.id.GroupId;
import io.switchboard.protocol.id.MessageId;
import io.switchboard.protocol.id.UserId;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A receipt for a message this client sent: delivered to the recipient's device (two checks) or read (blue). For a
 * group message there is one receipt of each kind, sent when <em>every</em> member it was sent to has received,
 * or read, it (PROTOCOL.md §13.4); {@link SwitchboardClient#groupReceipts} gives the detail per member.
 *
 * @param type  delivery or read
 * @param from  the recipient who received or read it; {@code null} for a group receipt, which speaks for all
 * @param id    the id of the message it is about
 * @param time  when it happened, by the server's clock
 * @param group the group the message was sent to; empty for a 1:1 receipt
 */
public record Receipt(Type type, UserId from, MessageId id, Instant time, Optional<GroupId> group) {

    public Receipt {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(group, "group");
        if (from == null && group.isEmpty()) {
            throw new IllegalArgumentException("a 1:1 receipt needs the recipient in from");
        }
    }

    /** A 1:1 receipt. */
    public Receipt(Type type, UserId from, MessageId id, Instant time) {
        this(type, from, id, time, Optional.empty());
    }

    /** A group receipt: delivered to, or read by, every member. */
    static Receipt ofGroup(Type type, GroupId group, MessageId id, Instant time) {
        return new Receipt(type, null, id, time, Optional.of(group));
    }

    public enum Type {
        DELIVERY("delivery"), READ("read");

        private final String wire;

        Type(String wire) {
            this.wire = wire;
        }

        /** The {@code type} attribute's value. */
        public String wire() {
            return wire;
        }

        /** The type with this wire value, or {@code null}. */
        public static Type fromWire(String value) {
            for (Type t : values()) {
                if (t.wire.equals(value)) {
                    return t;
                }
            }
            return null;
        }
    }
}

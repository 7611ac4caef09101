// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import io.switchboard.protocol.id.GroupId;
import io.switchboard.protocol.id.UserId;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A change to a group, one entry of the group's log (PROTOCOL.md §13.2), delivered to every member in log order,
 * including the members it added or removed.
 *
 * @param group        the group that changed
 * @param actor        who made the change; for {@link Kind#JOIN}, who joined; for {@link Kind#LEAVE}, who left
 * @param id           the entry's id ({@code n} and its number in hex); with {@code group}, unique
 * @param time         when, by the server's clock
 * @param kind         what changed
 * @param participants the users the change names: the first members of {@link Kind#CREATE}, those added, removed,
 *                     promoted or demoted; empty for the other kinds
 * @param subject      the new subject, for {@link Kind#CREATE} and {@link Kind#SUBJECT}
 * @param description  the new description (empty when cleared), for {@link Kind#DESCRIPTION}
 * @param announceOnly the new setting, for {@link Kind#SETTINGS}
 */
public record GroupNotification(GroupId group, UserId actor, String id, Instant time, Kind kind,
        List<UserId> participants, Optional<String> subject, Optional<String> description,
        Optional<Boolean> announceOnly) {

    public GroupNotification {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(kind, "kind");
        participants = List.copyOf(participants);
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(announceOnly, "announceOnly");
    }

    /** What a notification reports: its child's tag on the wire. */
    public enum Kind {
        CREATE("create"), ADD("add"), REMOVE("remove"), PROMOTE("promote"), DEMOTE("demote"), LEAVE("leave"),
        JOIN("join"), SUBJECT("subject"), DESCRIPTION("description"), SETTINGS("settings");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        /** The child's tag. */
        public String wire() {
            return wire;
        }

        /** The kind with this tag, or {@code null}. */
        public static Kind fromWire(String tag) {
            for (Kind k : values()) {
                if (k.wire.equals(tag)) {
                    return k;
                }
            }
            return null;
        }
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import io.switchboard.protocol.id.GroupId;
import io.switchboard.protocol.id.UserId;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A group as the server described it in a {@code <group>} result (PROTOCOL.md §13.1): a snapshot, not kept up to
 * date; {@link GroupNotification}s say what changed since.
 *
 * @param id           the group
 * @param subject      its name
 * @param description  its description; empty when it has none
 * @param creator      who created it
 * @param created      when, by the server's clock
 * @param announceOnly whether only admins may send
 * @param inviteCode   the current invite code; only shown to admins, and only once one was made
 * @param members      every current member, admins included, in the server's order
 */
public record GroupInfo(GroupId id, String subject, String description, UserId creator, Instant created,
        boolean announceOnly, Optional<String> inviteCode, List<GroupMember> members) {

    public GroupInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(creator, "creator");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(inviteCode, "inviteCode");
        members = List.copyOf(members);
    }

    /** Whether {@code user} is a member now. */
    public boolean isMember(UserId user) {
        return members.stream().anyMatch(m -> m.user().equals(user));
    }

    /** Whether {@code user} is an admin now. */
    public boolean isAdmin(UserId user) {
        return members.stream().anyMatch(m -> m.admin() && m.user().equals(user));
    }
}

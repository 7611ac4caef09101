// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import io.switchboard.protocol.id.UserId;
import java.util.Objects;

/**
 * One member row of a group: who, with which role, and which part of the group log is theirs and how far it has
 * reached them. The member receives log entries with {@code joinedSeq <= seq <= untilSeq}. A removed member (or one
 * who left) keeps its row with {@code untilSeq} set to the seq of the notification that removed it, so that
 * notification still reaches it; the row is deleted once {@code deliveredSeq} reaches {@code untilSeq}.
 *
 * @param user         the member
 * @param role         member or admin
 * @param joinedSeq    the seq of the notification that added it: the first entry it receives
 * @param deliveredSeq every entry up to here was acked by its client (starts at {@code joinedSeq - 1})
 * @param readSeq      every entry up to here was read (never above {@code deliveredSeq}'s log head)
 * @param untilSeq     the last entry it receives; {@link #CURRENT} while it is a member
 */
public record GroupMember(UserId user, GroupRole role, long joinedSeq, long deliveredSeq, long readSeq,
        long untilSeq) {

    /** {@code untilSeq} of a current member. */
    public static final long CURRENT = Long.MAX_VALUE;

    public GroupMember {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(role, "role");
    }

    /** A member added by the notification at {@code joinedSeq}. */
    public static GroupMember joined(UserId user, GroupRole role, long joinedSeq) {
        return new GroupMember(user, role, joinedSeq, joinedSeq - 1, joinedSeq - 1, CURRENT);
    }

    public boolean isCurrent() {
        return untilSeq == CURRENT;
    }

    public boolean isAdmin() {
        return isCurrent() && role == GroupRole.ADMIN;
    }

    public GroupMember withRole(GroupRole newRole) {
        return new GroupMember(user, newRole, joinedSeq, deliveredSeq, readSeq, untilSeq);
    }

    public GroupMember withCursors(long newDeliveredSeq, long newReadSeq) {
        return new GroupMember(user, role, joinedSeq, newDeliveredSeq, newReadSeq, untilSeq);
    }

    /** This member, removed by the notification at {@code removedAt}. */
    public GroupMember removedAt(long removedAt) {
        return new GroupMember(user, role, joinedSeq, deliveredSeq, readSeq, removedAt);
    }
}

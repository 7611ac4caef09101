// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.group;

import io.switchboard.protocol.id.UserId;
import io.switchboard.server.store.GroupInfo;
import io.switchboard.server.store.GroupMember;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A group's member rows in memory, current and former, and for each the last log entry fanned out to it (so its
 * user entity can tell whether it missed one). Owned by one {@link GroupBehavior}; not thread-safe.
 */
final class Members {

    private final Map<UserId, GroupMember> rows = new LinkedHashMap<>();
    private final Map<UserId, Long> lastFanned = new HashMap<>();
    private int current;

    /** Loads stored rows; entries up to {@code lastSeq} count as fanned out already (they are in the store). */
    Members(Collection<GroupMember> stored, long lastSeq) {
        for (GroupMember m : stored) {
            put(m);
            lastFanned.put(m.user(), Math.min(lastSeq, m.untilSeq()));
        }
    }

    GroupMember get(UserId user) {
        return rows.get(user);
    }

    boolean isMember(UserId user) {
        GroupMember m = rows.get(user);
        return m != null && m.isCurrent();
    }

    boolean isAdmin(UserId user) {
        GroupMember m = rows.get(user);
        return m != null && m.isAdmin();
    }

    int currentCount() {
        return current;
    }

    int adminCount() {
        int admins = 0;
        for (GroupMember m : rows.values()) {
            if (m.isAdmin()) {
                admins++;
            }
        }
        return admins;
    }

    /** Saves a changed row; a newly added member has had nothing fanned out before its {@code joinedSeq}. */
    void put(GroupMember member) {
        GroupMember old = rows.put(member.user(), member);
        if (old != null && old.isCurrent()) {
            current--;
        }
        if (member.isCurrent()) {
            current++;
        }
        if (old == null || old.joinedSeq() != member.joinedSeq()) {
            lastFanned.put(member.user(), member.joinedSeq() - 1);
        }
    }

    /** Forgets a removed member whose last entry has reached it. */
    void forget(UserId user) {
        GroupMember old = rows.remove(user);
        lastFanned.remove(user);
        if (old != null && old.isCurrent()) {
            current--;
        }
    }

    Collection<GroupMember> all() {
        return rows.values();
    }

    /** Who receives entry {@code seq}: members whose window holds it, except {@code except} (a message's sender). */
    List<GroupMember> recipients(long seq, UserId except) {
        List<GroupMember> to = new ArrayList<>(current);
        for (GroupMember m : rows.values()) {
            if (m.joinedSeq() <= seq && seq <= m.untilSeq() && !m.user().equals(except)) {
                to.add(m);
            }
        }
        return to;
    }

    /** The entry fanned out to {@code user} before this one, then records {@code seq} as fanned out. */
    long fannedOut(UserId user, long seq) {
        Long previous = lastFanned.put(user, seq);
        return previous == null ? seq - 1 : previous;
    }

    /**
     * Every entry up to the returned seq has reached everyone who is to receive it: current members, and removed
     * members whose last entry (their removal) has not reached them yet.
     */
    long minDelivered(long lastSeq) {
        long min = lastSeq;
        for (GroupMember m : rows.values()) {
            if (m.deliveredSeq() < m.untilSeq()) {
                min = Math.min(min, m.deliveredSeq());
            }
        }
        return min;
    }

    /** The lowest read cursor among current members. */
    long minRead(long lastSeq) {
        long min = lastSeq;
        for (GroupMember m : rows.values()) {
            if (m.isCurrent()) {
                min = Math.min(min, m.readSeq());
            }
        }
        return min;
    }

    GroupEntity.GroupView view(GroupInfo info, boolean showInvite) {
        List<GroupEntity.Participant> participants = new ArrayList<>(current);
        for (GroupMember m : rows.values()) {
            if (m.isCurrent()) {
                participants.add(new GroupEntity.Participant(m.user(), m.isAdmin()));
            }
        }
        return new GroupEntity.GroupView(showInvite ? info : info.withInviteCode(""), participants);
    }
}

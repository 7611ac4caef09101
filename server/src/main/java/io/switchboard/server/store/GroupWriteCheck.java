// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a group write before it is queued. A write the database would refuse (a text longer than its column, one
 * user twice in a batch of member rows) would fail its whole round, other callers' writes included; refused here,
 * it fails alone. The group entity validates requests against the protocol's limits first; this is the backstop.
 */
final class GroupWriteCheck {

    // The column sizes of V3__groups.sql, in characters (code points, as PostgreSQL counts them).
    static final int MAX_SUBJECT = 100;
    static final int MAX_DESCRIPTION = 512;
    static final int MAX_INVITE_CODE = 32;

    private GroupWriteCheck() {
    }

    /** @throws IllegalArgumentException naming what does not fit */
    static void create(GroupInfo info, List<GroupMember> members, GroupLogEntry created) {
        sameGroup(info, created);
        info(info);
        distinct(members);
    }

    /** @throws IllegalArgumentException naming what does not fit */
    static void append(GroupLogEntry entry, GroupChange change) {
        if (change != null) {
            sameGroup(change.info(), entry);
            info(change.info());
            distinct(change.members());
        }
    }

    private static void sameGroup(GroupInfo info, GroupLogEntry entry) {
        if (!info.id().equals(entry.group())) {
            throw new IllegalArgumentException("the log entry is for group " + entry.group() + " but the group row is "
                    + info.id() + "; pass the entry and the row of one group");
        }
    }

    private static void info(GroupInfo info) {
        fits("subject", info.subject(), MAX_SUBJECT);
        fits("description", info.description(), MAX_DESCRIPTION);
        fits("invite code", info.inviteCode(), MAX_INVITE_CODE);
    }

    private static void fits(String what, String value, int max) {
        int length = value.codePointCount(0, value.length());
        if (length > max) {
            throw new IllegalArgumentException("a group " + what + " holds at most " + max + " characters, got "
                    + length + "; reject the request before storing it");
        }
    }

    private static void distinct(List<GroupMember> members) {
        Set<String> seen = new HashSet<>();
        for (GroupMember m : members) {
            if (!seen.add(m.user().digits())) {
                throw new IllegalArgumentException("member " + m.user() + " is listed twice; pass one row per member");
            }
        }
    }
}

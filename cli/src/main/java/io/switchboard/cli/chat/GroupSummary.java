// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli.chat;

import io.switchboard.client.GroupInfo;
import io.switchboard.client.GroupMember;
import io.switchboard.protocol.id.UserId;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What {@code /info} shows of a group: subject, description, who may send, the admins and every member, this user
 * first as "you". A snapshot of the server's answer; the conversation's notes say what changes after.
 */
final class GroupSummary {
    private GroupSummary() {
    }

    static List<String> lines(GroupInfo info, UserId me) {
        List<String> out = new ArrayList<>();
        out.add("\"" + info.subject() + "\"");
        if (!info.description().isEmpty()) {
            out.add("  " + ChatListView.oneLine(info.description()));
        }
        if (info.announceOnly()) {
            out.add("  only admins may send");
        }
        List<GroupMember> members = info.members().stream()
                .sorted(Comparator.comparing((GroupMember m) -> !m.user().equals(me))
                        .thenComparing(m -> m.user().phone()))
                .toList();
        out.add("Admins: " + members.stream().filter(GroupMember::admin).map(m -> name(m.user(), me))
                .collect(Collectors.joining(", ")));
        out.add("Members (" + members.size() + "):");
        for (GroupMember m : members) {
            out.add("  " + name(m.user(), me) + (m.admin() ? "  admin" : ""));
        }
        return out;
    }

    private static String name(UserId user, UserId me) {
        return user.equals(me) ? "you" : user.phone();
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.group;

import io.switchboard.protocol.id.UserId;
import io.switchboard.protocol.node.Node;
import io.switchboard.server.group.GroupEntity.Add;
import io.switchboard.server.group.GroupEntity.Demote;
import io.switchboard.server.group.GroupEntity.GetInvite;
import io.switchboard.server.group.GroupEntity.Join;
import io.switchboard.server.group.GroupEntity.Leave;
import io.switchboard.server.group.GroupEntity.Promote;
import io.switchboard.server.group.GroupEntity.Refused;
import io.switchboard.server.group.GroupEntity.Remove;
import io.switchboard.server.group.GroupEntity.Reply;
import io.switchboard.server.group.GroupEntity.Request;
import io.switchboard.server.group.GroupEntity.RevokeInvite;
import io.switchboard.server.group.GroupEntity.SetAnnounceOnly;
import io.switchboard.server.group.GroupEntity.SetDescription;
import io.switchboard.server.group.GroupEntity.SetSubject;
import io.switchboard.server.store.GroupInfo;
import io.switchboard.server.store.GroupMember;
import io.switchboard.server.store.GroupRole;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a change request would do, decided against the group as it is in memory: refuse it, answer it without a
 * change (adding only current members), or make one change, which is one notification in the log. Pure functions
 * of the request and the state, so every rule of docs/PROTOCOL.md §13.2 reads here, top to bottom; the entity
 * applies and writes what this decides.
 */
final class GroupChanges {

    /** The decision on one request. */
    sealed interface Outcome {
    }

    record Refuse(Refused refused) implements Outcome {
    }

    /** Nothing changes; the requester gets the group as it is. */
    record Unchanged() implements Outcome {
    }

    /** Nothing changes; the requester gets this answer. */
    record Answer(Reply reply) implements Outcome {
    }

    /**
     * One change: the notification members receive, the metadata after it, the member rows it writes (each whole),
     * and the reply to the requester, built from the group after the change.
     */
    record Change(Node notification, GroupInfo info, List<GroupMember> rows,
                  Function<GroupEntity.GroupView, Reply> reply) implements Outcome {
    }

    private GroupChanges() {
    }

    /** Whether {@code request} is one this class decides (the rest are sends, reads and receipts). */
    static boolean isChange(Request request) {
        return request instanceof Add || request instanceof Remove || request instanceof Promote
                || request instanceof Demote || request instanceof Leave || request instanceof SetSubject
                || request instanceof SetDescription || request instanceof SetAnnounceOnly
                || request instanceof GetInvite || request instanceof RevokeInvite || request instanceof Join;
    }

    /** Decides {@code request}; {@code seq} is the number its notification would get. */
    static Outcome decide(Request request, GroupInfo info, Members members, long seq) {
        if (request instanceof Join join) {
            return join(join, info, members, seq);
        }
        if (!members.isMember(request.actor())) {
            return new Refuse(GroupRules.notMember());
        }
        if (request instanceof Leave) {
            return leave(request.actor(), info, members, seq);
        }
        if (!members.isAdmin(request.actor())) {
            return new Refuse(GroupRules.notAdmin(adminAction(request)));
        }
        if (request instanceof Add add) {
            return add(add.members(), info, members, seq);
        } else if (request instanceof Remove remove) {
            return remove(remove.actor(), remove.members(), info, members, seq);
        } else if (request instanceof Promote promote) {
            return roles(promote.members(), GroupRole.ADMIN, "promote", info, members);
        } else if (request instanceof Demote demote) {
            return roles(demote.members(), GroupRole.MEMBER, "demote", info, members);
        } else if (request instanceof SetSubject set) {
            Optional<Refused> refused = GroupRules.checkSubject(set.subject());
            return refused.<Outcome>map(Refuse::new).orElseGet(() -> set.subject().equals(info.subject())
                    ? new Unchanged() : change(Notifications.text("subject", set.subject()),
                    info.withSubject(set.subject()), List.of()));
        } else if (request instanceof SetDescription set) {
            Optional<Refused> refused = GroupRules.checkDescription(set.description());
            return refused.<Outcome>map(Refuse::new).orElseGet(() -> set.description().equals(info.description())
                    ? new Unchanged() : change(Notifications.text("description", set.description()),
                    info.withDescription(set.description()), List.of()));
        } else if (request instanceof SetAnnounceOnly set) {
            return set.announceOnly() == info.announceOnly() ? new Unchanged()
                    : change(Notifications.announce(set.announceOnly()), info.withAnnounceOnly(set.announceOnly()),
                    List.of());
        } else if (request instanceof GetInvite) {
            if (!info.inviteCode().isEmpty()) {
                return new Answer(new GroupEntity.Invite(info.inviteCode()));
            }
            return invite("invite", info.withInviteCode(GroupRules.newInviteCode()));
        }
        return invite("revoke-invite", info.withInviteCode(GroupRules.newInviteCode()));
    }

    private static Outcome add(List<UserId> named, GroupInfo info, Members members, long seq) {
        Optional<Refused> refused = GroupRules.checkList(named);
        if (refused.isPresent()) {
            return new Refuse(refused.get());
        }
        List<UserId> joining = new ArrayList<>();
        for (UserId user : new LinkedHashSet<>(named)) {
            if (!members.isMember(user)) {
                joining.add(user);
            }
        }
        if (joining.isEmpty()) {
            return new Unchanged();
        }
        refused = GroupRules.checkRoom(members.currentCount(), joining.size());
        if (refused.isPresent()) {
            return new Refuse(refused.get());
        }
        return change(Notifications.members("add", joining), info,
                joining.stream().map(u -> GroupMember.joined(u, GroupRole.MEMBER, seq)).toList());
    }

    private static Outcome remove(UserId actor, List<UserId> named, GroupInfo info, Members members, long seq) {
        Optional<Refused> refused = GroupRules.checkList(named);
        if (refused.isPresent()) {
            return new Refuse(refused.get());
        }
        if (named.contains(actor)) {
            return new Refuse(new Refused(400, "to remove yourself, leave the group"));
        }
        List<GroupMember> rows = new ArrayList<>();
        for (UserId user : new LinkedHashSet<>(named)) {
            if (members.isMember(user)) {
                rows.add(members.get(user).removedAt(seq));
            }
        }
        return rows.isEmpty() ? new Unchanged()
                : change(Notifications.members("remove", users(rows)), info, rows);
    }

    private static Outcome roles(List<UserId> named, GroupRole role, String tag, GroupInfo info, Members members) {
        Optional<Refused> refused = GroupRules.checkList(named);
        if (refused.isPresent()) {
            return new Refuse(refused.get());
        }
        List<GroupMember> rows = new ArrayList<>();
        for (UserId user : new LinkedHashSet<>(named)) {
            if (!members.isMember(user)) {
                return new Refuse(new Refused(400, user.phone() + " is not a member of this group"));
            }
            GroupMember row = members.get(user);
            if (row.role() != role) {
                rows.add(row.withRole(role));
            }
        }
        if (rows.isEmpty()) {
            return new Unchanged();
        }
        if (role == GroupRole.MEMBER && rows.size() >= members.adminCount()) {
            return new Refuse(new Refused(403, "a group needs an admin; promote another member first"));
        }
        return change(Notifications.members(tag, users(rows)), info, rows);
    }

    private static Outcome leave(UserId actor, GroupInfo info, Members members, long seq) {
        GroupMember row = members.get(actor);
        if (row.isAdmin() && members.adminCount() == 1 && members.currentCount() > 1) {
            return new Refuse(new Refused(403,
                    "you are the group's last admin; promote another member before leaving"));
        }
        return new Change(Notifications.of("leave"), info, List.of(row.removedAt(seq)),
                view -> new GroupEntity.Done());
    }

    private static Outcome join(Join join, GroupInfo info, Members members, long seq) {
        if (info.inviteCode().isEmpty() || !info.inviteCode().equals(join.code())) {
            return new Refuse(new Refused(404, "this invite link was reset or never existed"));
        }
        if (members.isMember(join.actor())) {
            return new Unchanged();
        }
        Optional<Refused> refused = GroupRules.checkRoom(members.currentCount(), 1);
        return refused.<Outcome>map(Refuse::new).orElseGet(() -> change(Notifications.of("join"), info,
                List.of(GroupMember.joined(join.actor(), GroupRole.MEMBER, seq))));
    }

    private static Outcome invite(String tag, GroupInfo withCode) {
        return new Change(Notifications.of(tag), withCode, List.of(),
                view -> new GroupEntity.Invite(withCode.inviteCode()));
    }

    /** A change whose reply is the group after it. */
    private static Change change(Node notification, GroupInfo info, List<GroupMember> rows) {
        return new Change(notification, info, rows, GroupEntity.Info::new);
    }

    private static List<UserId> users(List<GroupMember> rows) {
        return rows.stream().map(GroupMember::user).toList();
    }

    private static String adminAction(Request request) {
        if (request instanceof Add) {
            return "add members";
        } else if (request instanceof Remove) {
            return "remove members";
        } else if (request instanceof Promote || request instanceof Demote) {
            return "promote or demote admins";
        } else if (request instanceof SetSubject) {
            return "change the subject";
        } else if (request instanceof SetDescription) {
            return "change the description";
        } else if (request instanceof SetAnnounceOnly) {
            return "change who may send";
        }
        return "manage the invite link";
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.session;

import io.switchboard.protocol.node.Node;
import io.switchboard.server.group.GroupEntity;
import io.switchboard.server.group.GroupEntity.Reply;
import io.switchboard.server.group.Notifications;
import io.switchboard.server.store.GroupEntryKind;
import io.switchboard.server.store.GroupInfo;
import io.switchboard.server.store.GroupListing;
import io.switchboard.server.store.GroupLogEntry;
import io.switchboard.server.store.GroupRole;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** The group stanzas a session writes (docs/PROTOCOL.md §13), built in one place. */
final class GroupReplies {

    private GroupReplies() {
    }

    /** A group entity's answer to the request {@code <iq id=iqId>}. */
    static Node toIq(String iqId, Reply reply) {
        if (reply instanceof GroupEntity.Info info) {
            return Stanzas.iqResult(iqId, group(info.group()));
        } else if (reply instanceof GroupEntity.Refused refused) {
            return Stanzas.iqError(iqId, refused.code(), refused.text());
        } else if (reply instanceof GroupEntity.Invite invite) {
            return Stanzas.iqResult(iqId, Node.builder("invite").attr("code", invite.code()).build());
        } else if (reply instanceof GroupEntity.Receipts receipts) {
            Node.Builder detail = Node.builder("receipt").attr("id", receipts.messageId().value());
            for (GroupEntity.MemberReceipt m : receipts.members()) {
                detail.child(Node.builder("participant").attr("jid", m.member().address())
                        .attrIfPresent("type", m.read() ? "read" : m.delivered() ? "delivery" : null));
            }
            return Stanzas.iqResult(iqId, detail.build());
        }
        return Stanzas.iqResult(iqId, null);
    }

    /** {@code <group jid subject creator t announce? invite?>} with description and participants. */
    static Node group(GroupEntity.GroupView view) {
        GroupInfo info = view.info();
        Node.Builder group = Node.builder("group").attr("jid", info.id().address()).attr("subject", info.subject())
                .attr("creator", info.creator().address()).attr("t", Long.toString(info.createdAt() / 1000))
                .attrIfPresent("announce", info.announceOnly() ? "true" : null)
                .attrIfPresent("invite", info.inviteCode().isEmpty() ? null : info.inviteCode());
        if (!info.description().isEmpty()) {
            group.child(Node.builder("description").bytes(info.description().getBytes(StandardCharsets.UTF_8)));
        }
        for (GroupEntity.Participant p : view.participants()) {
            group.child(Node.builder("participant").attr("jid", p.user().address())
                    .attrIfPresent("type", p.admin() ? "admin" : null));
        }
        return group.build();
    }

    /** {@code <groups>} with one {@code <group jid subject members type='admin'?/>} per listing, in its order. */
    static Node groups(List<GroupListing> listings) {
        Node.Builder groups = Node.builder("groups");
        for (GroupListing listing : listings) {
            groups.child(Node.builder("group").attr("jid", listing.group().address())
                    .attr("subject", listing.subject()).attr("members", Integer.toString(listing.members()))
                    .attrIfPresent("type", listing.role() == GroupRole.ADMIN ? "admin" : null));
        }
        return groups.build();
    }

    /** A group's log entry as a member receives it: a message, or a notification of a change. */
    static Node delivery(GroupLogEntry entry) {
        String t = Long.toString(entry.serverTime() / 1000);
        if (entry.kind() == GroupEntryKind.MESSAGE) {
            return Node.builder("message").attr("from", entry.group().address())
                    .attr("participant", entry.sender().address()).attr("id", entry.messageId().value())
                    .attr("t", t).child(MessageContent.contentOf(entry.payload())).build();
        }
        return Node.builder("notification").attr("from", entry.group().address())
                .attr("participant", entry.sender().address()).attr("id", entry.messageId().value())
                .attr("t", t).child(Notifications.decode(entry.payload())).build();
    }
}

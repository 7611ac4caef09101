// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import io.switchboard.protocol.id.GroupId;
import io.switchboard.protocol.id.MessageId;
import io.switchboard.protocol.id.UserId;
import io.switchboard.protocol.node.Node;
import io.switchboard.protocol.stanza.ChatMessageStanza;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The client's side of the group stanzas in PROTOCOL.md §13: the group message and read receipt it sends, the
 * acks it answers notifications with, and how it reads {@code <group>}, the list of groups, {@code <invite>},
 * per-member receipts and notifications. Readers throw {@link IllegalArgumentException} naming what is missing or
 * malformed.
 */
final class GroupStanzas {

    private GroupStanzas() {
    }

    static Node message(GroupId group, MessageId id, String text) {
        return new ChatMessageStanza(group.address(), id.value(), text, true).toNode();
    }

    /** Marks {@code sender}'s message {@code id} read, and with it every earlier entry of the group (§13.4). */
    static Node readReceipt(GroupId group, UserId sender, MessageId id) {
        return Node.builder("receipt").attr("type", "read").attr("to", group.address())
                .attr("participant", sender.address()).attr("id", id.value()).build();
    }

    static Node notificationAck(GroupNotification notification) {
        return Node.builder("ack").attr("class", "notification").attr("from", notification.group().address())
                .attr("id", notification.id()).build();
    }

    /** Reads the {@code <group>} of an {@code <iq type='result'>}. */
    static GroupInfo groupInfo(Node reply) {
        Node group = reply.child("group");
        if (group == null || group.attr("jid") == null || group.attr("creator") == null) {
            throw new IllegalArgumentException("expected a <group jid creator …> in the reply, got " + reply);
        }
        List<GroupMember> members = new ArrayList<>();
        for (Node child : group.children()) {
            if (child.tag().equals("participant")) {
                members.add(new GroupMember(user(child), "admin".equals(child.attr("type"))));
            }
        }
        Node description = group.child("description");
        return new GroupInfo(GroupId.fromAddress(group.attr("jid")),
                group.attr("subject") == null ? "" : group.attr("subject"),
                description == null ? "" : text(description), UserId.fromAddress(group.attr("creator")),
                Stanzas.time(group), "true".equals(group.attr("announce")), Optional.ofNullable(group.attr("invite")),
                members);
    }

    /** Reads {@code <iq type='result'><groups><group jid subject members type='admin'?/>…</groups></iq>}. */
    static List<GroupSummary> groupList(Node reply) {
        Node groups = reply.child("groups");
        if (groups == null) {
            throw new IllegalArgumentException("expected <groups> in the reply, got " + reply);
        }
        List<GroupSummary> summaries = new ArrayList<>();
        for (Node group : groups.children()) {
            if (!group.tag().equals("group")) {
                continue;
            }
            String jid = group.attr("jid");
            String members = group.attr("members");
            if (jid == null || members == null) {
                throw new IllegalArgumentException("a listed <group> needs jid and members: " + group);
            }
            int count;
            try {
                count = Integer.parseInt(members);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("a listed group's members is not a count: '" + members + "'");
            }
            summaries.add(new GroupSummary(GroupId.fromAddress(jid),
                    group.attr("subject") == null ? "" : group.attr("subject"), count,
                    "admin".equals(group.attr("type"))));
        }
        return summaries;
    }

    /** Reads {@code <iq type='result'><invite code='…'/></iq>}. */
    static String inviteCode(Node reply) {
        Node invite = reply.child("invite");
        if (invite == null || invite.attr("code") == null || invite.attr("code").isEmpty()) {
            throw new IllegalArgumentException("expected an <invite code> in the reply, got " + reply);
        }
        return invite.attr("code");
    }

    /** Reads {@code <iq type='result'><receipt id><participant jid [type='delivery|read']/>…</receipt></iq>}. */
    static List<MemberReceipt> memberReceipts(Node reply, MessageId id) {
        Node receipt = reply.child("receipt");
        if (receipt == null) {
            throw new IllegalArgumentException("expected a <receipt> for message " + id + " in the reply, got "
                    + reply);
        }
        List<MemberReceipt> members = new ArrayList<>();
        for (Node child : receipt.children()) {
            if (child.tag().equals("participant")) {
                members.add(new MemberReceipt(user(child), state(child.attr("type"))));
            }
        }
        return members;
    }

    /**
     * Reads {@code <notification from=group participant=actor id t><change/></notification>}.
     *
     * @return empty when the change is of a kind this client does not know (a newer server's)
     */
    static Optional<GroupNotification> notification(Node node) {
        String from = node.attr("from");
        String actor = node.attr("participant");
        String id = node.attr("id");
        if (from == null || actor == null || id == null || node.children().size() != 1) {
            throw new IllegalArgumentException("a notification needs from, participant, id and one child: " + node);
        }
        Node change = node.children().get(0);
        GroupNotification.Kind kind = GroupNotification.Kind.fromWire(change.tag());
        if (kind == null) {
            return Optional.empty();
        }
        List<UserId> participants = new ArrayList<>();
        for (Node child : change.children()) {
            if (child.tag().equals("participant")) {
                participants.add(user(child));
            }
        }
        Optional<String> subject = switch (kind) {
            case CREATE -> Optional.ofNullable(change.attr("subject"));
            case SUBJECT -> Optional.of(text(change));
            default -> Optional.empty();
        };
        Optional<String> description = kind == GroupNotification.Kind.DESCRIPTION
                ? Optional.of(text(change)) : Optional.empty();
        Optional<Boolean> announce = kind == GroupNotification.Kind.SETTINGS && change.attr("announce") != null
                ? Optional.of("true".equals(change.attr("announce"))) : Optional.empty();
        return Optional.of(new GroupNotification(GroupId.fromAddress(from), UserId.fromAddress(actor), id,
                Stanzas.time(node), kind, participants, subject, description, announce));
    }

    private static UserId user(Node participant) {
        String jid = participant.attr("jid");
        if (jid == null) {
            throw new IllegalArgumentException("a <participant> needs a jid");
        }
        return UserId.fromAddress(jid);
    }

    private static MemberReceipt.State state(String type) {
        if (type == null) {
            return MemberReceipt.State.NONE;
        }
        return switch (type) {
            case "read" -> MemberReceipt.State.READ;
            case "delivery" -> MemberReceipt.State.DELIVERED;
            default -> throw new IllegalArgumentException("unknown receipt type '" + type + "'");
        };
    }

    /** UTF-8 byte content; no content (an emptied description may travel without bytes) is the empty string. */
    private static String text(Node node) {
        byte[] bytes = node.bytes();
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }
}

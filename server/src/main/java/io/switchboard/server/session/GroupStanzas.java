// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.session;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.id.GroupId;
import io.switchboard.protocol.id.MessageId;
import io.switchboard.protocol.id.UserId;
import io.switchboard.protocol.node.Node;
import io.switchboard.server.cluster.HomeRef;
import io.switchboard.server.group.GroupEntity;
import io.switchboard.server.group.GroupEntity.Reply;
import io.switchboard.server.limits.Rate;
import io.switchboard.server.store.EntryKind;
import io.switchboard.server.store.GroupEntryKind;
import io.switchboard.server.user.UserEntity;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.japi.function.Function;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;

/**
 * One active session's group stanzas (docs/PROTOCOL.md §13): requests to create and change groups, messages to a
 * group, acks of group entries and read receipts of group messages, each turned into a command to the group's
 * entity (or the user's own, for acks) with the authenticated user as actor. Confined to the session's event loop.
 */
final class GroupStanzas {

    private final SessionContext shared;
    private final Session session;

    GroupStanzas(SessionContext shared, Session session) {
        this.shared = shared;
        this.session = session;
    }

    /** Whether an {@code <iq>} is addressed to a group, or to the group service. */
    static boolean isGroupRequest(Node iq) {
        String to = iq.attr("to");
        return GroupId.DOMAIN.equals(to) || GroupId.isGroupAddress(to);
    }

    void onIq(Node iq) {
        String id = iq.attr("id");
        String type = iq.attr("type");
        List<Node> children = iq.children();
        if (id == null || !("get".equals(type) || "set".equals(type)) || children.size() != 1) {
            session.write(Stanzas.iqError(id == null ? "" : id, 400,
                    "a group request needs an 'id', type 'get' or 'set', and exactly one child"));
            return;
        }
        // Per account, so reconnecting does not refill it: one client must not keep a node busy rewriting groups.
        long wait = shared.limits().groupRequest(session.user());
        if (wait > 0) {
            shared.metrics().rateLimited("group-request");
            Rate rate = shared.limits().groupRequestRate();
            session.write(Stanzas.rateLimited(id, wait, "group requests are limited to " + rate.describe()
                    + " per account; retry after " + wait + " ms"));
            return;
        }
        Node request = children.get(0);
        String to = iq.attr("to");
        try {
            if (GroupId.DOMAIN.equals(to)) {
                onServiceRequest(id, request);
            } else {
                onGroupRequest(id, GroupId.fromAddress(to), request);
            }
        } catch (IllegalArgumentException e) {
            session.write(Stanzas.iqError(id, 400, e.getMessage()));
        }
    }

    /** The most groups one {@code <list/>} answer names (PROTOCOL.md §13.1): it must fit a frame. */
    static final int MAX_LISTED_GROUPS = 1_024;

    /** Requests to {@code g.switchboard}: create a group, join one by invite code, or list the user's groups. */
    private void onServiceRequest(String id, Node request) {
        UserId actor = session.user();
        switch (request.tag()) {
            case "create" -> {
                String subject = request.attr("subject");
                List<UserId> members = participants(request);
                GroupId group = GroupId.random();
                ask(id, group, replyTo -> new GroupEntity.Create(actor, subject == null ? "" : subject, members,
                        replyTo));
            }
            case "join" -> {
                String code = request.attr("code");
                if (code == null || code.isEmpty() || code.length() > 64) {
                    session.write(Stanzas.iqError(id, 400, "a join needs the invite 'code'"));
                    return;
                }
                session.onLoop(shared.groups().findByInviteCode(code), (group, failure) -> {
                    if (failure != null) {
                        session.write(Stanzas.iqError(id, 503, "groups cannot be looked up right now; retry"));
                    } else if (group.isEmpty()) {
                        session.write(Stanzas.iqError(id, 404, "this invite link was reset or never existed"));
                    } else {
                        ask(id, group.get(), replyTo -> new GroupEntity.Join(actor, code, replyTo));
                    }
                });
            }
            case "list" -> onList(id, actor);
            default -> session.write(Stanzas.iqError(id, 400, "unknown group request <" + request.tag() + ">"));
        }
    }

    /** The groups {@code actor} is in now, read from the store: asking each group's entity would wake them all. */
    private void onList(String id, UserId actor) {
        session.onLoop(shared.groups().listings(actor, MAX_LISTED_GROUPS), (groups, failure) -> session.write(
                failure != null
                        ? Stanzas.iqError(id, ErrorCode.UNAVAILABLE.code(), "your groups cannot be listed right now;"
                                + " retry")
                        : Stanzas.iqResult(id, GroupReplies.groups(groups))));
    }

    private void onGroupRequest(String id, GroupId group, Node request) {
        UserId actor = session.user();
        switch (request.tag()) {
            case "add" -> ask(id, group, r -> new GroupEntity.Add(actor, participants(request), r));
            case "remove" -> ask(id, group, r -> new GroupEntity.Remove(actor, participants(request), r));
            case "promote" -> ask(id, group, r -> new GroupEntity.Promote(actor, participants(request), r));
            case "demote" -> ask(id, group, r -> new GroupEntity.Demote(actor, participants(request), r));
            case "leave" -> ask(id, group, r -> new GroupEntity.Leave(actor, r));
            case "subject" -> ask(id, group, r -> new GroupEntity.SetSubject(actor, text(request), r));
            case "description" -> ask(id, group, r -> new GroupEntity.SetDescription(actor, text(request), r));
            case "settings" -> {
                boolean announce = flag(request.attr("announce"));
                ask(id, group, r -> new GroupEntity.SetAnnounceOnly(actor, announce, r));
            }
            case "invite" -> ask(id, group, r -> new GroupEntity.GetInvite(actor, r));
            case "revoke-invite" -> ask(id, group, r -> new GroupEntity.RevokeInvite(actor, r));
            case "info" -> ask(id, group, r -> new GroupEntity.GetInfo(actor, r));
            case "receipt" -> {
                MessageId messageId = new MessageId(required(request, "id"));
                ask(id, group, r -> new GroupEntity.GetReceipts(actor, messageId, r));
            }
            default -> session.write(Stanzas.iqError(id, 400, "unknown group request <" + request.tag() + ">"));
        }
    }

    /** A message to a group; the same one-check ack as a 1:1 message once the group stored it. */
    void onMessage(String id, GroupId group, byte[] body, boolean receipts, long receivedNanos) {
        long now = shared.clock().millis();
        CompletionStage<Reply> reply = entity(group).ask(replyTo -> new GroupEntity.Send(session.user(),
                new MessageId(id), now, body, receipts, replyTo), shared.settings().askTimeout());
        session.onLoop(reply, (answer, failure) -> {
            if (answer instanceof GroupEntity.Sent sent) {
                session.write(Stanzas.messageAck(id, sent.serverTime()));
                shared.metrics().oneCheck(System.nanoTime() - receivedNanos);
            } else if (answer instanceof GroupEntity.Refused refused) {
                session.write(Stanzas.messageNack(id, refused.code(), refused.text()));
            } else {
                boolean timeout = failure instanceof TimeoutException;
                session.write(Stanzas.messageNack(id, timeout ? 504 : 500, timeout
                        ? "the outcome is unknown; retry with the same id" : "not stored; retry with the same id"));
            }
        });
    }

    /** The client acked a group entry ({@code from} is the group): its user entity moves the group's cursor. */
    void onAck(Node ack) {
        String id = ack.attr("id");
        String cls = ack.attr("class");
        try {
            GroupId group = GroupId.fromAddress(ack.attr("from"));
            MessageId messageId = new MessageId(id == null ? "" : id);
            UserId user = session.user();
            if ("message".equals(cls)) {
                UserId sender = UserId.fromAddress(required(ack, "participant"));
                tellOwn(new UserEntity.GroupAcked(group, GroupEntryKind.MESSAGE, sender, messageId));
            } else if ("notification".equals(cls)) {
                tellOwn(new UserEntity.GroupAcked(group, GroupEntryKind.NOTIFICATION, user, messageId));
            } else if ("receipt".equals(cls)) {
                EntryKind kind = "read".equals(ack.attr("type")) ? EntryKind.GROUP_READ_RECEIPT
                        : EntryKind.GROUP_DELIVERY_RECEIPT;
                tellOwn(new UserEntity.Acked(user, messageId, kind));
            } else {
                session.write(Stanzas.error(400, "an ack of a group entry needs class message, notification or"
                        + " receipt", ack));
            }
        } catch (IllegalArgumentException e) {
            session.write(Stanzas.error(400, "bad ack of a group entry: " + e.getMessage(), ack));
        }
    }

    /** {@code <receipt type='read' to='group' participant='sender' id/>}: acked once the group saved it. */
    void onReadReceipt(Node receipt) {
        String id = receipt.attr("id");
        String to = receipt.attr("to");
        GroupId group;
        UserId sender;
        try {
            group = GroupId.fromAddress(to);
            sender = UserId.fromAddress(required(receipt, "participant"));
            if (!"read".equals(receipt.attr("type")) || id == null || !MessageId.isValid(id)) {
                throw new IllegalArgumentException("a receipt needs type='read' and a valid 'id'");
            }
        } catch (IllegalArgumentException e) {
            session.write(Stanzas.receiptNack(id == null ? "" : id, to, 400, e.getMessage()));
            return;
        }
        CompletionStage<Reply> reply = entity(group).ask(replyTo -> new GroupEntity.MarkRead(session.user(),
                sender, new MessageId(id), replyTo), shared.settings().askTimeout());
        session.onLoop(reply, (answer, failure) -> {
            if (answer instanceof GroupEntity.Done) {
                session.write(Stanzas.receiptAck(id, to));
            } else if (answer instanceof GroupEntity.Refused refused) {
                session.write(Stanzas.receiptNack(id, to, refused.code(), refused.text()));
            } else {
                session.write(Stanzas.receiptNack(id, to, failure instanceof TimeoutException ? 504 : 500,
                        "not saved; retry"));
            }
        });
    }

    private void ask(String iqId, GroupId group, Function<ActorRef<Reply>, GroupEntity.Command> request) {
        CompletionStage<Reply> reply = entity(group).ask(request, shared.settings().askTimeout());
        session.onLoop(reply, (answer, failure) -> {
            if (failure != null) {
                session.write(Stanzas.iqError(iqId, failure instanceof TimeoutException ? 504 : 500,
                        "the group did not answer in time; retry"));
            } else {
                session.write(GroupReplies.toIq(iqId, answer));
            }
        });
    }

    private void tellOwn(UserEntity.Command command) {
        session.entity(session.user()).tell(command);
    }

    private HomeRef<GroupEntity.Command> entity(GroupId group) {
        return shared.homes().ref(GroupEntity.TYPE_KEY, group.value());
    }

    private static List<UserId> participants(Node request) {
        List<UserId> users = new ArrayList<>();
        for (Node child : request.children()) {
            if (!child.tag().equals("participant")) {
                throw new IllegalArgumentException("<" + request.tag() + "> holds only <participant jid/> children");
            }
            users.add(UserId.fromAddress(required(child, "jid")));
        }
        return users;
    }

    private static String text(Node node) {
        byte[] bytes = node.bytes();
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }

    private static boolean flag(String value) {
        if ("true".equals(value)) {
            return true;
        }
        if ("false".equals(value)) {
            return false;
        }
        throw new IllegalArgumentException("announce must be 'true' or 'false'");
    }

    private static String required(Node node, String attribute) {
        String value = node.attr(attribute);
        if (value == null) {
            throw new IllegalArgumentException("<" + node.tag() + "> needs '" + attribute + "'");
        }
        return value;
    }
}

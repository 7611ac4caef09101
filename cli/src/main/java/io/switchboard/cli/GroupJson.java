// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli;

import io.switchboard.client.GroupInfo;
import io.switchboard.client.GroupNotification;
import io.switchboard.client.GroupSummary;
import io.switchboard.client.IncomingMessage;
import io.switchboard.client.MemberReceipt;
import io.switchboard.client.Receipt;
import io.switchboard.protocol.id.GroupId;
import io.switchboard.protocol.id.MessageId;
import io.switchboard.protocol.id.UserId;

import java.util.List;
import java.util.Locale;

/**
 * The JSON lines of groups, shared by the {@code group} verbs and {@code inbox}. Groups appear as their 16 hex
 * digits and users as {@code +E.164}, as people type them back into the next command.
 */
final class GroupJson {

    private GroupJson() {
    }

    /**
     * {@code {"type":"group","group":"1a2b…","subject":…,"description":…,"creator":"+1…","created":SECONDS,
     * "announce":false[,"invite":…],"members":[{"user":"+1…","admin":true},…]}}.
     */
    static Json info(GroupInfo info) {
        Json json = Json.object().put("type", "group").put("group", info.id().value()).put("subject", info.subject())
                .put("description", info.description()).put("creator", info.creator().phone())
                .put("created", info.created().getEpochSecond()).put("announce", info.announceOnly());
        info.inviteCode().ifPresent(code -> json.put("invite", code));
        return json.put("members", info.members().stream()
                .map(m -> Json.object().put("user", m.user().phone()).put("admin", m.admin())).toList());
    }

    /** {@code {"type":"group","group":"1a2b…","subject":…,"members":N,"role":"admin|member"}}: a line of the list. */
    static Json summary(GroupSummary group) {
        return Json.object().put("type", "group").put("group", group.id().value()).put("subject", group.subject())
                .put("members", group.members()).put("role", group.admin() ? "admin" : "member");
    }

    /** {@code {"type":"sent","group":"1a2b…","id":…,"ts":SECONDS}}: the server holds it (one check). */
    static Json sent(GroupId group, MessageId id, long time) {
        return Json.object().put("type", "sent").put("group", group.value()).put("id", id.value()).put("ts", time);
    }

    /** {@code {"type":"invite","group":"1a2b…","code":…}}. */
    static Json invite(GroupId group, String code) {
        return Json.object().put("type", "invite").put("group", group.value()).put("code", code);
    }

    /** {@code {"type":"left","group":"1a2b…"}}. */
    static Json left(GroupId group) {
        return Json.object().put("type", "left").put("group", group.value());
    }

    /** {@code {"type":"receipts","group":…,"id":…,"members":[{"user":"+1…","state":"none|delivered|read"},…]}}. */
    static Json receipts(GroupId group, MessageId id, List<MemberReceipt> members) {
        return Json.object().put("type", "receipts").put("group", group.value()).put("id", id.value())
                .put("members", members.stream().map(r -> Json.object().put("user", r.member().phone())
                        .put("state", r.state().name().toLowerCase(Locale.ROOT))).toList());
    }

    /** {@code {"type":"message","group":"1a2b…","from":"+1…","id":…,"text":…,"ts":SECONDS}}. */
    static Json message(GroupId group, IncomingMessage m) {
        return Json.object().put("type", "message").put("group", group.value()).put("from", m.from().phone())
                .put("id", m.id().value()).put("text", m.text()).put("ts", m.time().getEpochSecond());
    }

    /** {@code {"type":"receipt","kind":"delivery|read","group":"1a2b…","id":…,"ts":SECONDS}}: every member's. */
    static Json receipt(GroupId group, Receipt r) {
        return Json.object().put("type", "receipt").put("kind", r.type().wire()).put("group", group.value())
                .put("id", r.id().value()).put("ts", r.time().getEpochSecond());
    }

    /**
     * {@code {"type":"notification","notification":{"group":…,"kind":"add","actor":"+1…","id":"n7","ts":SECONDS,
     * "participants":["+1…"][,"subject":…][,"description":…][,"announce":true]}}}.
     */
    static Json notification(GroupNotification n) {
        Json body = Json.object().put("group", n.group().value()).put("kind", n.kind().wire())
                .put("actor", n.actor().phone()).put("id", n.id()).put("ts", n.time().getEpochSecond())
                .put("participants", n.participants().stream().map(UserId::phone).toList());
        n.subject().ifPresent(s -> body.put("subject", s));
        n.description().ifPresent(d -> body.put("description", d));
        n.announceOnly().ifPresent(a -> body.put("announce", a));
        return Json.object().put("type", "notification").put("notification", body);
    }
}

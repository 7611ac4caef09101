// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import io.switchboard.protocol.id.GroupId;
import io.switchboard.protocol.node.Node;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Test fixture, the group half of {@link TestServer}: answers the group requests of PROTOCOL.md §13.2–13.4 from
 * groups held in memory, with the rules the SDK's tests need (admins change, members read, 404 for an unknown group
 * or code, 406 past 1,024 members) and nothing more: no log, no notifications, no fan-out (tests push those).
 */
final class TestGroups {
    static final String TIME = "1732700000";

    /** One group; guarded by the {@link TestGroups} monitor. */
    static final class Group {
        final String address;
        final String creator;
        String subject;
        String description = "";
        boolean announce;
        String invite;
        /** Member address to whether it is an admin, in the order they joined. */
        final Map<String, Boolean> members = new LinkedHashMap<>();

        Group(String address, String creator, String subject) {
            this.address = address;
            this.creator = creator;
            this.subject = subject;
        }
    }

    final Map<String, Group> groups = new ConcurrentHashMap<>();
    /** Member address to the {@code type} the next per-member receipt answer gives it (absent: not received). */
    final Map<String, String> receiptTypes = new ConcurrentHashMap<>();
    private final AtomicReference<Node> refusal = new AtomicReference<>();
    private final AtomicLong ids = new AtomicLong(0x0c0ffee000000000L);
    private final AtomicLong invites = new AtomicLong();

    /** Answers the next group request with {@code <error code text/>}, whatever it asks. */
    void refuseNext(int code, String text) {
        refusal.set(Node.builder("error").attr("code", String.valueOf(code)).attr("text", text).build());
    }

    /** Whether {@code iq} is a group request: addressed to a group or to {@code g.switchboard}. */
    static boolean isGroupRequest(Node iq) {
        String to = iq.attr("to");
        return GroupId.DOMAIN.equals(to) || GroupId.isGroupAddress(to);
    }

    /** Whether {@code user} may send to {@code address}; null if so, else the refusal's code and text. */
    synchronized String[] refuseMessage(String user, String address) {
        Group group = groups.get(address);
        if (group == null) {
            return new String[] {"404", "no such group"};
        }
        if (!group.members.containsKey(user)) {
            return new String[] {"403", "not a member of this group"};
        }
        return group.announce && !group.members.get(user) ? new String[] {"403", "announce-only"} : null;
    }

    /** The answer to the group request {@code iq} from {@code user} (an address). */
    synchronized Node answer(String user, Node iq) {
        Node refused = refusal.getAndSet(null);
        if (refused != null) {
            return reply(iq, "error", refused);
        }
        Node request = iq.children().isEmpty() ? Node.of("none") : iq.children().get(0);
        if (GroupId.DOMAIN.equals(iq.attr("to"))) {
            return switch (request.tag()) {
                case "create" -> create(user, iq, request);
                case "join" -> join(user, iq, request.attr("code"));
                case "list" -> list(user, iq);
                default -> error(iq, 400, "unknown request <" + request.tag() + ">");
            };
        }
        Group group = groups.get(iq.attr("to"));
        if (group == null) {
            return error(iq, 404, "no such group");
        }
        if (!group.members.containsKey(user)) {
            return error(iq, 403, "not a member of this group");
        }
        if (request.tag().equals("info")) {
            return info(iq, group, user);
        }
        if (request.tag().equals("receipt")) {
            return receipts(iq, group, user, request.attr("id"));
        }
        if (request.tag().equals("leave")) {
            group.members.remove(user);
            return reply(iq, "result", null);
        }
        if (!group.members.get(user)) {
            return error(iq, 403, "only admins can " + request.tag());
        }
        return change(user, iq, group, request);
    }

    private Node change(String user, Node iq, Group group, Node request) {
        List<String> named = participants(request);
        switch (request.tag()) {
            case "add" -> {
                long added = named.stream().filter(u -> !group.members.containsKey(u)).count();
                if (group.members.size() + added > Groups.MAX_PARTICIPANTS) {
                    return error(iq, 406, "a group holds at most 1,024 members; adding " + added + " would make "
                            + (group.members.size() + added));
                }
                named.forEach(u -> group.members.putIfAbsent(u, false));
            }
            case "remove" -> named.forEach(group.members::remove);
            case "promote", "demote" -> named.forEach(u -> group.members.replace(u, request.tag().equals("promote")));
            case "subject" -> group.subject = text(request);
            case "description" -> group.description = text(request);
            case "settings" -> group.announce = "true".equals(request.attr("announce"));
            case "invite", "revoke-invite" -> {
                if (group.invite == null || request.tag().equals("revoke-invite")) {
                    group.invite = "Xk3invite" + invites.incrementAndGet() + "aaaaaaaaaaaa";
                }
                return reply(iq, "result", Node.builder("invite").attr("code", group.invite).build());
            }
            default -> {
                return error(iq, 400, "unknown request <" + request.tag() + ">");
            }
        }
        return info(iq, group, user);
    }

    private Node create(String user, Node iq, Node create) {
        Group group = new Group(String.format("%016x", ids.incrementAndGet()) + "@" + GroupId.DOMAIN, user,
                create.attr("subject"));
        group.members.put(user, true);
        participants(create).forEach(u -> group.members.putIfAbsent(u, false));
        groups.put(group.address, group);
        return info(iq, group, user);
    }

    private Node join(String user, Node iq, String code) {
        for (Group group : groups.values()) {
            if (code != null && code.equals(group.invite)) {
                group.members.putIfAbsent(user, false);
                return info(iq, group, user);
            }
        }
        return error(iq, 404, "no group has this invite code");
    }

    private Node list(String user, Node iq) {
        Node.Builder list = Node.builder("groups");
        groups.values().stream().filter(g -> g.members.containsKey(user)).forEach(g -> {
            Node.Builder group = Node.builder("group").attr("jid", g.address).attr("subject", g.subject)
                    .attr("members", Integer.toString(g.members.size()));
            list.child(g.members.get(user) ? group.attr("type", "admin") : group);
        });
        return reply(iq, "result", list.build());
    }

    private Node info(Node iq, Group group, String user) {
        Node.Builder node = Node.builder("group").attr("jid", group.address).attr("subject", group.subject)
                .attr("creator", group.creator).attr("t", TIME);
        if (group.announce) {
            node.attr("announce", "true");
        }
        if (group.invite != null && Boolean.TRUE.equals(group.members.get(user))) {
            node.attr("invite", group.invite);
        }
        if (!group.description.isEmpty()) {
            node.child(Node.builder("description").bytes(group.description.getBytes(StandardCharsets.UTF_8)));
        }
        group.members.forEach((member, admin) -> {
            Node.Builder participant = Node.builder("participant").attr("jid", member);
            node.child(admin ? participant.attr("type", "admin") : participant);
        });
        return reply(iq, "result", node.build());
    }

    private Node receipts(Node iq, Group group, String user, String id) {
        Node.Builder receipt = Node.builder("receipt").attr("id", id);
        for (String member : group.members.keySet()) {
            if (!member.equals(user)) {
                Node.Builder participant = Node.builder("participant").attr("jid", member);
                receipt.child(participant.attrIfPresent("type", receiptTypes.get(member)));
            }
        }
        return reply(iq, "result", receipt.build());
    }

    private static List<String> participants(Node request) {
        List<String> users = new ArrayList<>();
        for (Node child : request.children()) {
            users.add(child.attr("jid"));
        }
        return users;
    }

    private static String text(Node node) {
        byte[] bytes = node.bytes();
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }

    private static Node error(Node iq, int code, String text) {
        return reply(iq, "error", Node.builder("error").attr("code", String.valueOf(code)).attr("text", text).build());
    }

    private static Node reply(Node iq, String type, Node child) {
        Node.Builder reply = Node.builder("iq").attr("id", iq.attr("id")).attr("type", type);
        return child == null ? reply.build() : reply.child(child).build();
    }
}

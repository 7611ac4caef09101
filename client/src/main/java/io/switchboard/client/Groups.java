// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import io.switchboard.protocol.id.GroupId;
import io.switchboard.protocol.id.MessageId;
import io.switchboard.protocol.id.UserId;
import io.switchboard.protocol.node.Node;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * The group requests of PROTOCOL.md §13.2–13.4, checked against the protocol's bounds before anything is sent:
 * the server would refuse the same input with a 400, but only after a round trip and with less to say about it.
 * Stateless; the client sends what these build through its {@link Requests}.
 */
final class Groups {
    /** Members of one group, admins included; also the most one request may name. */
    static final int MAX_PARTICIPANTS = 1_024;
    static final int MAX_SUBJECT = 100;
    static final int MAX_DESCRIPTION = 512;
    /** Invite codes are 22 characters today; a bound, not a format, so a longer future code still passes. */
    static final int MAX_INVITE_CODE = 64;

    private Groups() {
    }

    static GroupRequest<GroupInfo> create(String subject, Collection<UserId> members) {
        Node.Builder create = Node.builder("create").attr("subject", checkSubject(subject))
                .children(participants(members, false));
        return new GroupRequest<>("set", GroupId.DOMAIN, create.build(), GroupStanzas::groupInfo);
    }

    /** {@code change} is {@code add}, {@code remove}, {@code promote} or {@code demote}. */
    static GroupRequest<GroupInfo> members(String change, GroupId group, Collection<UserId> users) {
        Objects.requireNonNull(group, "group");
        Node node = Node.builder(change).children(participants(users, true)).build();
        return new GroupRequest<>("set", group.address(), node, GroupStanzas::groupInfo);
    }

    static GroupRequest<Void> leave(GroupId group) {
        return new GroupRequest<>("set", address(group), Node.of("leave"), reply -> null);
    }

    static GroupRequest<GroupInfo> subject(GroupId group, String subject) {
        Node node = Node.builder("subject").bytes(utf8(checkSubject(subject))).build();
        return new GroupRequest<>("set", address(group), node, GroupStanzas::groupInfo);
    }

    static GroupRequest<GroupInfo> description(GroupId group, String description) {
        Objects.requireNonNull(description, "description");
        int length = description.codePointCount(0, description.length());
        if (length > MAX_DESCRIPTION) {
            throw new IllegalArgumentException("a group description holds at most " + MAX_DESCRIPTION
                    + " characters, this one has " + length + "; shorten it");
        }
        Node node = Node.builder("description").bytes(utf8(description)).build();
        return new GroupRequest<>("set", address(group), node, GroupStanzas::groupInfo);
    }

    static GroupRequest<GroupInfo> announceOnly(GroupId group, boolean announceOnly) {
        Node node = Node.builder("settings").attr("announce", String.valueOf(announceOnly)).build();
        return new GroupRequest<>("set", address(group), node, GroupStanzas::groupInfo);
    }

    static GroupRequest<GroupInfo> info(GroupId group) {
        return new GroupRequest<>("get", address(group), Node.of("info"), GroupStanzas::groupInfo);
    }

    static GroupRequest<String> inviteCode(GroupId group, boolean revoke) {
        return new GroupRequest<>("set", address(group), Node.of(revoke ? "revoke-invite" : "invite"),
                GroupStanzas::inviteCode);
    }

    static GroupRequest<GroupInfo> join(String code) {
        Objects.requireNonNull(code, "code");
        if (code.isBlank() || code.length() > MAX_INVITE_CODE || code.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("not an invite code: '" + code + "'; paste the code an admin shared"
                    + " (22 characters, no spaces)");
        }
        return new GroupRequest<>("set", GroupId.DOMAIN, Node.builder("join").attr("code", code).build(),
                GroupStanzas::groupInfo);
    }

    static GroupRequest<List<GroupSummary>> list() {
        return new GroupRequest<>("get", GroupId.DOMAIN, Node.of("list"), GroupStanzas::groupList);
    }

    static GroupRequest<List<MemberReceipt>> receipts(GroupId group, MessageId id) {
        Objects.requireNonNull(id, "id");
        return new GroupRequest<>("get", address(group), Node.builder("receipt").attr("id", id.value()).build(),
                reply -> GroupStanzas.memberReceipts(reply, id));
    }

    private static String address(GroupId group) {
        return Objects.requireNonNull(group, "group").address();
    }

    private static String checkSubject(String subject) {
        Objects.requireNonNull(subject, "subject");
        // Characters as people count them (code points), not UTF-16 units: an emoji is one.
        int length = subject.codePointCount(0, subject.length());
        if (subject.isBlank()) {
            throw new IllegalArgumentException("a group needs a subject (its name); give one of 1 to " + MAX_SUBJECT
                    + " characters");
        }
        if (length > MAX_SUBJECT) {
            throw new IllegalArgumentException("a group subject holds at most " + MAX_SUBJECT
                    + " characters, this one has " + length + "; shorten it");
        }
        return subject;
    }

    /** One {@code <participant jid/>} per distinct user, in the order given. */
    private static List<Node> participants(Collection<UserId> users, boolean atLeastOne) {
        Objects.requireNonNull(users, "members");
        LinkedHashSet<UserId> distinct = new LinkedHashSet<>();
        for (UserId user : users) {
            distinct.add(Objects.requireNonNull(user, "a member must not be null"));
        }
        if (atLeastOne && distinct.isEmpty()) {
            throw new IllegalArgumentException("name at least one member to change");
        }
        if (distinct.size() > MAX_PARTICIPANTS) {
            throw new IllegalArgumentException("a group holds at most " + MAX_PARTICIPANTS + " members, but "
                    + distinct.size() + " were named; name fewer");
        }
        List<Node> nodes = new ArrayList<>(distinct.size());
        for (UserId user : distinct) {
            nodes.add(Node.builder("participant").attr("jid", user.address()).build());
        }
        return nodes;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import io.switchboard.protocol.id.GroupId;
import io.switchboard.protocol.id.MessageId;
import io.switchboard.protocol.id.UserId;
import io.switchboard.protocol.node.Node;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupStanzasTest {
    private static final GroupId GROUP = new GroupId("1a2b3c4d5e6f7081");
    private static final UserId ALICE = UserId.fromPhone("+15551230001");
    private static final UserId BOB = UserId.fromPhone("+15551230002");

    private static Node participant(UserId user, String type) {
        return Node.builder("participant").attr("jid", user.address()).attrIfPresent("type", type).build();
    }

    private static Node notification(Node change) {
        return Node.builder("notification").attr("from", GROUP.address()).attr("participant", ALICE.address())
                .attr("id", "n7").attr("t", "1732700009").child(change).build();
    }

    @Test
    void readsEveryPartOfTheGroupInTheSpecsExample() {
        Node reply = Node.builder("iq").attr("id", "1").attr("type", "result")
                .child(Node.builder("group").attr("jid", GROUP.address()).attr("subject", "Climbing")
                        .attr("creator", ALICE.address()).attr("t", "1732700000").attr("announce", "true")
                        .attr("invite", "Xk3abcdefghijklmnopqrs")
                        .child(Node.builder("description").bytes("Saturdays".getBytes(StandardCharsets.UTF_8)))
                        .child(participant(ALICE, "admin")).child(participant(BOB, null)))
                .build();

        assertThat(GroupStanzas.groupInfo(reply)).isEqualTo(new GroupInfo(GROUP, "Climbing", "Saturdays", ALICE,
                Instant.ofEpochSecond(1732700000L), true, Optional.of("Xk3abcdefghijklmnopqrs"),
                List.of(new GroupMember(ALICE, true), new GroupMember(BOB, false))));
    }

    @Test
    void aReplyWithoutAGroupIsAnError() {
        assertThatThrownBy(() -> GroupStanzas.groupInfo(Node.builder("iq").attr("type", "result").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected a <group");
    }

    @Test
    void memberReceiptsMapTheWireTypesToStates() {
        Node reply = Node.builder("iq").attr("type", "result").child(Node.builder("receipt").attr("id", "a4")
                .child(participant(ALICE, "read")).child(participant(BOB, "delivery"))
                .child(participant(UserId.fromPhone("+15551230004"), null))).build();

        assertThat(GroupStanzas.memberReceipts(reply, new MessageId("a4"))).extracting(MemberReceipt::state)
                .containsExactly(MemberReceipt.State.READ, MemberReceipt.State.DELIVERED, MemberReceipt.State.NONE);
    }

    @Test
    void aCreateNotificationCarriesTheSubjectAndTheFirstMembers() {
        GroupNotification created = GroupStanzas.notification(notification(Node.builder("create")
                .attr("subject", "Climbing").child(participant(BOB, null)).build())).orElseThrow();

        assertThat(created).isEqualTo(new GroupNotification(GROUP, ALICE, "n7", Instant.ofEpochSecond(1732700009L),
                GroupNotification.Kind.CREATE, List.of(BOB), Optional.of("Climbing"), Optional.empty(),
                Optional.empty()));
    }

    @Test
    void settingsDescriptionAndLeaveNotificationsCarryTheirValues() {
        assertThat(GroupStanzas.notification(notification(Node.builder("settings").attr("announce", "true")
                .build())).orElseThrow().announceOnly()).contains(true);
        assertThat(GroupStanzas.notification(notification(Node.builder("description").bytes(new byte[0]).build()))
                .orElseThrow().description()).contains("");
        GroupNotification left = GroupStanzas.notification(notification(Node.of("leave"))).orElseThrow();
        assertThat(left.kind()).isEqualTo(GroupNotification.Kind.LEAVE);
        assertThat(left.participants()).isEmpty();
    }

    @Test
    void aNotificationOfAnUnknownKindIsSkippedNotRejected() {
        assertThat(GroupStanzas.notification(notification(Node.of("pin")))).isEmpty();
    }

    @Test
    void aNotificationWithoutItsActorIsMalformed() {
        Node node = Node.builder("notification").attr("from", GROUP.address()).attr("id", "n7")
                .child(Node.of("leave")).build();

        assertThatThrownBy(() -> GroupStanzas.notification(node)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aGroupMessageWithoutItsSenderIsMalformed() {
        Node message = Node.builder("message").attr("from", GROUP.address()).attr("id", "b1")
                .child(Node.builder("body").bytes(new byte[] {'h'})).build();

        assertThatThrownBy(() -> Stanzas.incomingMessage(message)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("participant");
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli;

import io.switchboard.client.GroupInfo;
import io.switchboard.client.GroupMember;
import io.switchboard.client.GroupNotification;
import io.switchboard.client.GroupSummary;
import io.switchboard.client.IncomingMessage;
import io.switchboard.client.MemberReceipt;
import io.switchboard.client.Receipt;
import io.switchboard.protocol.id.GroupId;
import io.switchboard.protocol.id.MessageId;
import io.switchboard.protocol.id.UserId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class GroupJsonTest {
    private static final GroupId GROUP = new GroupId("1a2b3c4d5e6f7081");
    private static final UserId ALICE = UserId.fromPhone("+15551230001");
    private static final UserId BOB = UserId.fromPhone("+15551230002");

    @Test
    void groupInfoIsOneLineWithItsMembersAsAnArray() {
        GroupInfo info = new GroupInfo(GROUP, "Climbing \"wall\"", "", ALICE, Instant.ofEpochSecond(1732700000L),
                false, Optional.of("Xk3abc"), List.of(new GroupMember(ALICE, true), new GroupMember(BOB, false)));

        assertThat(GroupJson.info(info).toString()).isEqualTo("{\"type\":\"group\",\"group\":\"1a2b3c4d5e6f7081\","
                + "\"subject\":\"Climbing \\\"wall\\\"\",\"description\":\"\",\"creator\":\"+15551230001\","
                + "\"created\":1732700000,\"announce\":false,\"invite\":\"Xk3abc\",\"members\":["
                + "{\"user\":\"+15551230001\",\"admin\":true},{\"user\":\"+15551230002\",\"admin\":false}]}");
    }

    @Test
    void aListedGroupIsOneLineWithItsCountAndRole() {
        assertThat(GroupJson.summary(new GroupSummary(GROUP, "Climbing", 3, true)).toString()).isEqualTo(
                "{\"type\":\"group\",\"group\":\"1a2b3c4d5e6f7081\",\"subject\":\"Climbing\",\"members\":3,"
                + "\"role\":\"admin\"}");
        assertThat(GroupJson.summary(new GroupSummary(GROUP, "Climbing", 3, false)).toString())
                .endsWith("\"role\":\"member\"}");
    }

    @Test
    void aGroupMessageNamesItsGroupAndSender() {
        IncomingMessage message = new IncomingMessage(BOB, new MessageId("b1"), Instant.ofEpochSecond(1732700010L),
                "hi all", Optional.of(GROUP));

        assertThat(GroupJson.message(GROUP, message).toString()).isEqualTo("{\"type\":\"message\","
                + "\"group\":\"1a2b3c4d5e6f7081\",\"from\":\"+15551230002\",\"id\":\"b1\",\"text\":\"hi all\","
                + "\"ts\":1732700010}");
    }

    @Test
    void aNotificationIsANestedObjectWithOnlyTheValuesItCarries() {
        GroupNotification added = new GroupNotification(GROUP, ALICE, "n7", Instant.ofEpochSecond(1732700009L),
                GroupNotification.Kind.ADD, List.of(BOB), Optional.empty(), Optional.empty(), Optional.empty());
        GroupNotification settings = new GroupNotification(GROUP, ALICE, "n8", Instant.ofEpochSecond(1732700011L),
                GroupNotification.Kind.SETTINGS, List.of(), Optional.empty(), Optional.empty(), Optional.of(true));

        assertThat(GroupJson.notification(added).toString()).isEqualTo("{\"type\":\"notification\","
                + "\"notification\":{\"group\":\"1a2b3c4d5e6f7081\",\"kind\":\"add\",\"actor\":\"+15551230001\","
                + "\"id\":\"n7\",\"ts\":1732700009,\"participants\":[\"+15551230002\"]}}");
        assertThat(GroupJson.notification(settings).toString()).endsWith("\"participants\":[],\"announce\":true}}");
    }

    @Test
    void aGroupReceiptHasNoSenderAndPerMemberReceiptsAreLowerCaseStates() {
        Receipt read = new Receipt(Receipt.Type.READ, null, new MessageId("a4"), Instant.ofEpochSecond(1732700020L),
                Optional.of(GROUP));

        assertThat(GroupJson.receipt(GROUP, read).toString()).isEqualTo("{\"type\":\"receipt\",\"kind\":\"read\","
                + "\"group\":\"1a2b3c4d5e6f7081\",\"id\":\"a4\",\"ts\":1732700020}");
        assertThat(GroupJson.receipts(GROUP, new MessageId("a4"), List.of(
                new MemberReceipt(BOB, MemberReceipt.State.DELIVERED))).toString()).isEqualTo("{\"type\":\"receipts\","
                + "\"group\":\"1a2b3c4d5e6f7081\",\"id\":\"a4\",\"members\":[{\"user\":\"+15551230002\","
                + "\"state\":\"delivered\"}]}");
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import io.switchboard.protocol.id.GroupId;
import io.switchboard.protocol.id.MessageId;
import io.switchboard.protocol.id.UserId;
import io.switchboard.protocol.node.Node;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SDK's groups (PROTOCOL.md §13) against {@link TestServer}: requests, group messages, notifications. */
@Timeout(30)
class SwitchboardClientGroupsIT {
    private static final String PHONE = "+15551230002";
    private static final UserId ME = UserId.fromPhone(PHONE);
    private static final UserId BOB = UserId.fromPhone("+15551230003");
    private static final UserId CAROL = UserId.fromPhone("+15551230004");
    private static final GroupId CLIMBING = new GroupId("1a2b3c4d5e6f7081");

    @TempDir
    Path dir;
    private final TestServer server = new TestServer();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void createReturnsTheGroupAsTheServerDescribesIt() throws Exception {
        try (SwitchboardClient client = loggedIn()) {
            GroupInfo info = client.createGroup("Climbing", List.of(BOB, CAROL, BOB)).get(10, TimeUnit.SECONDS);

            assertThat(info.subject()).isEqualTo("Climbing");
            assertThat(info.creator()).isEqualTo(ME);
            assertThat(info.created()).isEqualTo(Instant.ofEpochSecond(1732700000L));
            assertThat(info.description()).isEmpty();
            assertThat(info.announceOnly()).isFalse();
            assertThat(info.inviteCode()).isEmpty();
            assertThat(info.members()).containsExactly(new GroupMember(ME, true), new GroupMember(BOB, false),
                    new GroupMember(CAROL, false));
            Node create = server.nextReceived("iq").child("create");
            assertThat(create.attr("subject")).isEqualTo("Climbing");
            assertThat(create.children()).as("a member named twice is sent once").hasSize(2);
        }
    }

    @Test
    void changesReturnTheUpdatedGroup() throws Exception {
        try (SwitchboardClient client = loggedIn()) {
            GroupId group = client.createGroup("Climbing", List.of(BOB)).get(10, TimeUnit.SECONDS).id();

            client.addMembers(group, List.of(CAROL)).get(10, TimeUnit.SECONDS);
            client.promoteMembers(group, List.of(BOB)).get(10, TimeUnit.SECONDS);
            client.setGroupDescription(group, "Saturdays at the wall").get(10, TimeUnit.SECONDS);
            client.setAnnounceOnly(group, true).get(10, TimeUnit.SECONDS);
            String code = client.groupInviteCode(group).get(10, TimeUnit.SECONDS);
            GroupInfo info = client.setGroupSubject(group, "Climbing 🧗").get(10, TimeUnit.SECONDS);

            assertThat(info.subject()).isEqualTo("Climbing 🧗");
            assertThat(info.description()).isEqualTo("Saturdays at the wall");
            assertThat(info.announceOnly()).isTrue();
            assertThat(info.inviteCode()).contains(code);
            assertThat(info.isAdmin(BOB)).isTrue();
            assertThat(info.isMember(CAROL)).isTrue();

            GroupInfo removed = client.removeMembers(group, List.of(CAROL)).get(10, TimeUnit.SECONDS);
            assertThat(removed.isMember(CAROL)).isFalse();
            assertThat(client.revokeGroupInvite(group).get(10, TimeUnit.SECONDS)).isNotEqualTo(code);
            client.demoteMembers(group, List.of(BOB)).get(10, TimeUnit.SECONDS);
            assertThat(client.groupInfo(group).get(10, TimeUnit.SECONDS).isAdmin(BOB)).isFalse();
        }
    }

    @Test
    void joinByInviteCodeReturnsTheGroupAndLeaveCompletes() throws Exception {
        try (SwitchboardClient client = loggedIn()) {
            TestGroups.Group climbing = new TestGroups.Group(CLIMBING.address(), BOB.address(), "Climbing");
            climbing.members.put(BOB.address(), true);
            climbing.invite = "Xk3abcdefghijklmnopqrs";
            server.groups.groups.put(climbing.address, climbing);

            GroupInfo joined = client.joinGroup("Xk3abcdefghijklmnopqrs").get(10, TimeUnit.SECONDS);

            assertThat(joined.id()).isEqualTo(CLIMBING);
            assertThat(joined.members()).containsExactly(new GroupMember(BOB, true), new GroupMember(ME, false));
            assertThat(joined.inviteCode()).as("shown to admins only").isEmpty();
            assertThat(server.nextReceived("iq").attr("to")).isEqualTo(GroupId.DOMAIN);

            client.leaveGroup(CLIMBING).get(10, TimeUnit.SECONDS);
            assertThat(climbing.members).doesNotContainKey(ME.address());
        }
    }

    @Test
    void listGroupsReturnsEachGroupWithItsCountAndThisUsersRole() throws Exception {
        try (SwitchboardClient client = loggedIn()) {
            TestGroups.Group climbing = new TestGroups.Group(CLIMBING.address(), BOB.address(), "Climbing");
            climbing.members.put(BOB.address(), true);
            climbing.members.put(ME.address(), false);
            server.groups.groups.put(climbing.address, climbing);
            GroupId chess = client.createGroup("Chess", List.of(BOB, CAROL)).get(10, TimeUnit.SECONDS).id();

            List<GroupSummary> groups = client.listGroups().get(10, TimeUnit.SECONDS);

            assertThat(groups).containsExactlyInAnyOrder(new GroupSummary(CLIMBING, "Climbing", 2, false),
                    new GroupSummary(chess, "Chess", 3, true));
            server.nextReceived("iq");
            Node list = server.nextReceived("iq");
            assertThat(list.attr("to")).isEqualTo(GroupId.DOMAIN);
            assertThat(list.attr("type")).isEqualTo("get");
            assertThat(list.child("list")).isNotNull();
        }
    }

    @Test
    void aChangeOnlyAdminsMayMakeFailsWith403AndTheServersText() throws Exception {
        try (SwitchboardClient client = loggedIn()) {
            GroupId group = client.createGroup("Climbing", List.of(BOB)).get(10, TimeUnit.SECONDS).id();
            client.demoteMembers(group, List.of(ME)).get(10, TimeUnit.SECONDS);

            assertThatThrownBy(() -> client.addMembers(group, List.of(CAROL)).get(10, TimeUnit.SECONDS))
                    .cause().isInstanceOfSatisfying(StanzaErrorException.class, e -> {
                        assertThat(e.code()).isEqualTo(403);
                        assertThat(e.getMessage()).contains("only admins can add");
                    });
        }
    }

    @Test
    void aFullGroupAndAnUnknownGroupFailWithTheirCodes() throws Exception {
        try (SwitchboardClient client = loggedIn()) {
            GroupId group = client.createGroup("Climbing", List.of(BOB)).get(10, TimeUnit.SECONDS).id();
            server.groups.refuseNext(406, "a group holds at most 1,024 members; adding 3 would make 1,026");

            assertThatThrownBy(() -> client.addMembers(group, List.of(CAROL)).get(10, TimeUnit.SECONDS))
                    .cause().isInstanceOfSatisfying(StanzaErrorException.class,
                            e -> assertThat(e.code()).isEqualTo(406));
            assertThatThrownBy(() -> client.groupInfo(CLIMBING).get(10, TimeUnit.SECONDS))
                    .cause().isInstanceOfSatisfying(StanzaErrorException.class,
                            e -> assertThat(e.code()).isEqualTo(404));
        }
    }

    @Test
    void badInputIsRefusedBeforeAnythingIsSent() throws Exception {
        try (SwitchboardClient client = loggedIn()) {
            assertThatThrownBy(() -> client.createGroup("x".repeat(101), List.of(BOB)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 100 characters");
            assertThatThrownBy(() -> client.setGroupDescription(CLIMBING, "x".repeat(513)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 512 characters");
            assertThatThrownBy(() -> client.addMembers(CLIMBING, List.of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one member");
            assertThatThrownBy(() -> client.joinGroup("two words"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an invite code");

            client.groupInfo(CLIMBING).exceptionally(e -> null).get(10, TimeUnit.SECONDS);
            assertThat(server.nextReceived("iq").child("info")).as("the first request to reach the server")
                    .isNotNull();
        }
    }

    @Test
    void groupMessageIsAckedAndResentWithTheSameIdAfterADroppedConnection() throws Exception {
        try (SwitchboardClient client = loggedIn()) {
            GroupId group = client.createGroup("Climbing", List.of(BOB)).get(10, TimeUnit.SECONDS).id();
            client.sendToGroup(group, "first, after bob gets the sender key").get(10, TimeUnit.SECONDS);
            Node senderKey = server.nextReceived("message");
            assertThat(senderKey.attr("to")).as("the sender key goes to bob alone").isEqualTo(BOB.address());
            assertThat(server.nextReceived("message").attr("to")).isEqualTo(group.address());
            server.dropConnectionOnMessages.set(1);

            MessageAck ack = client.sendToGroup(group, "hello all").get(10, TimeUnit.SECONDS);

            Node first = server.nextReceived("message");
            Node resent = server.nextReceived("message");
            assertThat(first.attr("to")).isEqualTo(group.address());
            assertThat(resent.attr("id")).isEqualTo(first.attr("id")).isEqualTo(ack.id().value());
            assertThat(resent.child("body")).as("no plaintext body").isNull();
            assertThat(resent.child("enc").attr("type")).isEqualTo("skmsg");
            assertThat(new String(resent.child("enc").bytes(), StandardCharsets.ISO_8859_1)).doesNotContain("hello");
            assertThat(ack.group()).contains(group);
            assertThat(ack.time()).isEqualTo(Instant.ofEpochSecond(1732700001L));
        }
    }

    @Test
    void aGroupMessageTheServerRefusesFailsWithItsCode() throws Exception {
        try (SwitchboardClient client = loggedIn()) {
            assertThatThrownBy(() -> client.sendToGroup(CLIMBING, "hello").get(10, TimeUnit.SECONDS))
                    .cause().isInstanceOfSatisfying(StanzaErrorException.class,
                            e -> assertThat(e.code()).isEqualTo(404));
        }
    }

    @Test
    void incomingGroupMessageReachesTheListenerOnceAndIsAckedEachTimeWithGroupAndSender() throws Exception {
        BlockingQueue<IncomingMessage> messages = new LinkedBlockingQueue<>();
        try (SwitchboardClient client = loggedIn(c -> {
            c.onMessage(messages::add);
            c.acceptUnencrypted(true);
        })) {
            Node message = Node.builder("message").attr("from", CLIMBING.address()).attr("participant", BOB.address())
                    .attr("id", "b1").attr("t", "1732700010")
                    .child(Node.builder("body").bytes("hi all".getBytes(StandardCharsets.UTF_8))).build();
            // The same id from another sender in the group, and from Bob 1:1, are other messages.
            Node fromCarol = Node.builder("message").attr("from", CLIMBING.address())
                    .attr("participant", CAROL.address()).attr("id", "b1").attr("t", "1732700011")
                    .child(Node.builder("body").bytes("me too".getBytes(StandardCharsets.UTF_8))).build();

            server.push(ME.address(), message);
            server.push(ME.address(), message);
            server.push(ME.address(), fromCarol);

            Node ack = Node.builder("ack").attr("class", "message").attr("from", CLIMBING.address())
                    .attr("participant", BOB.address()).attr("id", "b1").build();
            assertThat(server.nextReceived("ack")).isEqualTo(ack);
            assertThat(server.nextReceived("ack")).isEqualTo(ack);
            assertThat(server.nextReceived("ack").attr("participant")).isEqualTo(CAROL.address());
            assertThat(messages.poll(10, TimeUnit.SECONDS)).isEqualTo(new IncomingMessage(BOB, new MessageId("b1"),
                    Instant.ofEpochSecond(1732700010L), "hi all", Optional.of(CLIMBING)));
            assertThat(messages.poll(10, TimeUnit.SECONDS).from()).isEqualTo(CAROL);
            assertThat(messages).isEmpty();
        }
    }

    @Test
    void markGroupReadIsSentWithGroupAndSenderAndCompletesWithTheAck() throws Exception {
        try (SwitchboardClient client = loggedIn()) {
            client.markGroupRead(CLIMBING, BOB, new MessageId("b1")).get(10, TimeUnit.SECONDS);

            assertThat(server.nextReceived("receipt")).isEqualTo(Node.builder("receipt").attr("type", "read")
                    .attr("to", CLIMBING.address()).attr("participant", BOB.address()).attr("id", "b1").build());
        }
    }

    @Test
    void notificationsAreParsedDeliveredOnceAndAckedAfterTheListener() throws Exception {
        BlockingQueue<GroupNotification> notifications = new LinkedBlockingQueue<>();
        try (SwitchboardClient client = loggedIn(c -> c.onGroupNotification(notifications::add))) {
            Node add = Node.builder("notification").attr("from", CLIMBING.address())
                    .attr("participant", BOB.address()).attr("id", "n7").attr("t", "1732700009")
                    .child(Node.builder("add").child(Node.builder("participant").attr("jid", CAROL.address())))
                    .build();
            Node subject = Node.builder("notification").attr("from", CLIMBING.address())
                    .attr("participant", BOB.address()).attr("id", "n8").attr("t", "1732700012")
                    .child(Node.builder("subject").bytes("Bouldering".getBytes(StandardCharsets.UTF_8))).build();

            server.push(ME.address(), add);
            server.push(ME.address(), add);
            server.push(ME.address(), subject);

            assertThat(notifications.poll(10, TimeUnit.SECONDS)).isEqualTo(new GroupNotification(CLIMBING, BOB, "n7",
                    Instant.ofEpochSecond(1732700009L), GroupNotification.Kind.ADD, List.of(CAROL), Optional.empty(),
                    Optional.empty(), Optional.empty()));
            GroupNotification renamed = notifications.poll(10, TimeUnit.SECONDS);
            assertThat(renamed.kind()).isEqualTo(GroupNotification.Kind.SUBJECT);
            assertThat(renamed.subject()).contains("Bouldering");
            Node ack = Node.builder("ack").attr("class", "notification").attr("from", CLIMBING.address())
                    .attr("id", "n7").build();
            assertThat(server.nextReceived("ack")).isEqualTo(ack);
            assertThat(server.nextReceived("ack")).isEqualTo(ack);
            assertThat(server.nextReceived("ack").attr("id")).isEqualTo("n8");
            assertThat(notifications).isEmpty();
        }
    }

    @Test
    void aNotificationWhoseListenerThrowsIsNotAcked() throws Exception {
        try (SwitchboardClient client = loggedIn(c -> c.onGroupNotification(n -> {
            if (n.id().equals("n1")) {
                throw new IllegalStateException("listener failed");
            }
        }))) {
            server.push(ME.address(), Node.builder("notification").attr("from", CLIMBING.address())
                    .attr("participant", BOB.address()).attr("id", "n1").child(Node.of("leave")).build());
            server.push(ME.address(), Node.builder("notification").attr("from", CLIMBING.address())
                    .attr("participant", BOB.address()).attr("id", "n2").child(Node.of("leave")).build());

            assertThat(server.nextReceived("ack").attr("id")).as("n1 stays unacked, to come again").isEqualTo("n2");
        }
    }

    @Test
    void groupReceiptsReachTheListenerWithTheGroupAndAreAcked() throws Exception {
        BlockingQueue<Receipt> receipts = new LinkedBlockingQueue<>();
        try (SwitchboardClient client = loggedIn(c -> c.onReceipt(receipts::add))) {
            server.push(ME.address(), Node.builder("receipt").attr("type", "delivery")
                    .attr("from", CLIMBING.address()).attr("id", "a4").attr("t", "1732700011").build());

            Receipt receipt = receipts.poll(10, TimeUnit.SECONDS);
            assertThat(receipt).isEqualTo(new Receipt(Receipt.Type.DELIVERY, null, new MessageId("a4"),
                    Instant.ofEpochSecond(1732700011L), Optional.of(CLIMBING)));
            assertThat(server.nextReceived("ack")).isEqualTo(Node.builder("ack").attr("class", "receipt")
                    .attr("from", CLIMBING.address()).attr("id", "a4").attr("type", "delivery").build());
        }
    }

    @Test
    void perMemberReceiptsListEveryOtherMemberWithItsState() throws Exception {
        try (SwitchboardClient client = loggedIn()) {
            GroupId group = client.createGroup("Climbing", List.of(BOB, CAROL)).get(10, TimeUnit.SECONDS).id();
            server.groups.receiptTypes.put(BOB.address(), "read");

            List<MemberReceipt> receipts = client.groupReceipts(group, new MessageId("a4")).get(10, TimeUnit.SECONDS);

            assertThat(receipts).containsExactly(new MemberReceipt(BOB, MemberReceipt.State.READ),
                    new MemberReceipt(CAROL, MemberReceipt.State.NONE));
        }
    }

    @Test
    void groupRequestsNeedALogin() throws Exception {
        try (SwitchboardClient client = client()) {
            assertThatThrownBy(() -> client.groupInfo(CLIMBING).get(10, TimeUnit.SECONDS))
                    .cause().isInstanceOf(IllegalStateException.class).hasMessageContaining("not logged in");
        }
    }

    private SwitchboardClient client() throws Exception {
        return SwitchboardClient.open(ClientSettings.of(dir, List.of(server.address()))
                .withBackoff(Duration.ofMillis(20), Duration.ofMillis(100)));
    }

    private SwitchboardClient loggedIn() throws Exception {
        return loggedIn(c -> { });
    }

    /** A registered client, {@code listeners} added before it logs in. */
    private SwitchboardClient loggedIn(java.util.function.Consumer<SwitchboardClient> listeners) throws Exception {
        try (SwitchboardClient client = client()) {
            client.register(PHONE).get(10, TimeUnit.SECONDS);
            client.verify(PHONE, TestServer.CODE).get(10, TimeUnit.SECONDS);
        }
        SwitchboardClient client = client();
        listeners.accept(client);
        client.login().get(10, TimeUnit.SECONDS);
        server.received.clear();
        return client;
    }
}

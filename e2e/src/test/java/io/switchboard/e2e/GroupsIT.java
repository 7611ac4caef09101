// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.e2e;

import io.switchboard.client.ClientDirectory;
import io.switchboard.client.ClientTransport;
import io.switchboard.client.GroupInfo;
import io.switchboard.client.GroupMember;
import io.switchboard.client.GroupNotification;
import io.switchboard.client.GroupSummary;
import io.switchboard.client.IncomingMessage;
import io.switchboard.client.MemberReceipt;
import io.switchboard.client.MessageAck;
import io.switchboard.client.Receipt;
import io.switchboard.client.StanzaErrorException;
import io.switchboard.crypto.SignalX25519;
import io.switchboard.e2e.Users.User;
import io.switchboard.protocol.id.GroupId;
import io.switchboard.protocol.id.UserId;
import io.switchboard.protocol.node.Node;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.ServerExtension;
import io.switchboard.testkit.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Groups on a real server process, with SDK clients on real loopback sockets (docs/PROTOCOL.md §13). */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class GroupsIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create().config(Users.TEST_CONFIG);
    static Users users;

    @BeforeAll
    static void openUsers() throws Exception {
        users = new Users(server.process(), dir.resolve("clients"), 900);
    }

    @AfterAll
    static void closeUsers() throws Exception {
        users.close();
    }

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static List<UserId> ids(List<User> members) {
        return members.stream().map(u -> u.id).toList();
    }

    private static boolean hasGroupText(User user, GroupId group, String text) {
        return user.messages.stream().anyMatch(m -> m.group().equals(java.util.Optional.of(group))
                && m.text().equals(text));
    }

    /** The group's subject, or "refused" while its requests get 429. */
    private static String subjectOrRefused(User user, GroupInfo group) {
        try {
            return get(user.client.groupInfo(group.id())).subject();
        } catch (Exception e) {
            if (e.getCause() instanceof StanzaErrorException refused && refused.code() == 429) {
                return "refused";
            }
            throw new AssertionError(e);
        }
    }

    private static StanzaErrorException refusal(CompletableFuture<?> future) {
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> future.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertThat(e.getCause()).isInstanceOf(StanzaErrorException.class);
        return (StanzaErrorException) e.getCause();
    }

    @Test
    void aGroupOf1024ReachesEveryMemberAtOnceAndOfflineMembersOnLoginThenRefusesThe1025th() throws Exception {
        List<User> members = users.register(1_024);
        User creator = members.get(0);
        GroupInfo group = get(creator.client.createGroup("All hands", ids(members.subList(1, members.size()))));
        assertThat(group.members()).hasSize(1_024);

        // A third of the members go offline; the rest stay connected.
        List<User> offline = new ArrayList<>();
        List<User> online = new ArrayList<>();
        for (int i = 1; i < members.size(); i++) {
            (i % 3 == 0 ? offline : online).add(members.get(i));
        }
        for (User user : offline) {
            user.client.close();
        }
        MessageAck ack = get(creator.client.sendToGroup(group.id(), "hello all"));
        assertThat(ack.group()).contains(group.id());
        Await.until("every online member has the message", WAIT,
                () -> online.stream().allMatch(u -> hasGroupText(u, group.id(), "hello all")));
        assertThat(online).allSatisfy(u -> assertThat(u.messages.stream().filter(m -> m.group().isPresent()))
                .singleElement().satisfies(m -> assertThat(m.from()).isEqualTo(creator.id)));
        assertThat(creator.messages).noneMatch(m -> m.group().isPresent());

        List<User> back = new ArrayList<>();
        for (User user : offline) {
            User again = users.reopen(user);
            again.client.login();
            back.add(again);
        }
        Await.until("every member that was offline has it after logging in", WAIT,
                () -> back.stream().allMatch(u -> hasGroupText(u, group.id(), "hello all")));
        Await.until("the sender learns it reached all 1,023", WAIT, () -> creator.receipts.stream()
                .anyMatch(r -> r.group().isPresent() && r.type() == Receipt.Type.DELIVERY && r.id().equals(ack.id())));

        User late = users.register();
        StanzaErrorException full = refusal(creator.client.addMembers(group.id(), List.of(late.id)));
        assertThat(full.code()).isEqualTo(406);
        assertThat(full.getMessage()).contains("at most 1,024 members");
        assertThat(get(creator.client.groupInfo(group.id())).members()).hasSize(1_024);
    }

    @Test
    void adminOnlyOperationsAreRefusedToMembersWithAClearError() throws Exception {
        List<User> three = users.register(3);
        User admin = three.get(0);
        User member = three.get(1);
        GroupInfo group = get(admin.client.createGroup("Rules", List.of(member.id)));

        StanzaErrorException add = refusal(member.client.addMembers(group.id(), List.of(three.get(2).id)));
        assertThat(add.code()).isEqualTo(403);
        assertThat(add.getMessage()).isEqualTo("403 only admins can add members");
        assertThat(refusal(member.client.removeMembers(group.id(), List.of(admin.id))).code()).isEqualTo(403);
        assertThat(refusal(member.client.promoteMembers(group.id(), List.of(member.id))).code()).isEqualTo(403);
        assertThat(refusal(member.client.setGroupSubject(group.id(), "taken over")).code()).isEqualTo(403);
        assertThat(refusal(member.client.groupInviteCode(group.id())).code()).isEqualTo(403);
        assertThat(refusal(three.get(2).client.sendToGroup(group.id(), "let me in")).getMessage())
                .isEqualTo("403 you are not a member of this group");

        get(admin.client.setAnnounceOnly(group.id(), true));
        assertThat(refusal(member.client.sendToGroup(group.id(), "may I?")).getMessage()).contains("announce-only");
        get(admin.client.sendToGroup(group.id(), "announcement"));
        Await.until("the member gets the announcement", WAIT, () -> hasGroupText(member, group.id(), "announcement"));
    }

    @Test
    void concurrentAddsAndRemovesFromSeveralAdminsLeaveOneConsistentMemberList() throws Exception {
        List<User> admins = users.register(3);
        List<User> pool = users.register(20);
        GroupInfo group = get(admins.get(0).client.createGroup("Busy", ids(admins)));
        get(admins.get(0).client.promoteMembers(group.id(), ids(admins)));

        List<CompletableFuture<GroupInfo>> changes = new ArrayList<>();
        for (int round = 0; round < 20; round++) {
            for (int a = 0; a < admins.size(); a++) {
                List<UserId> some = List.of(pool.get((round * 7 + a * 3) % pool.size()).id,
                        pool.get((round * 5 + a * 11) % pool.size()).id);
                var client = admins.get(a).client;
                changes.add((round + a) % 2 == 0 ? client.addMembers(group.id(), some)
                        : client.removeMembers(group.id(), some));
            }
        }
        CompletableFuture.allOf(changes.toArray(new CompletableFuture[0])).get(WAIT.toSeconds(), TimeUnit.SECONDS);

        Set<UserId> seenByFirst = members(get(admins.get(0).client.groupInfo(group.id())));
        for (User admin : admins) {
            assertThat(members(get(admin.client.groupInfo(group.id())))).isEqualTo(seenByFirst);
        }
        assertThat(seenByFirst).containsAll(ids(admins));
        // Replaying the notifications an admin received, in order, gives the same list.
        User observer = admins.get(2);
        Await.until("the observer has every change", WAIT, () -> replay(observer, group.id()).equals(seenByFirst));
    }

    private static Set<UserId> members(GroupInfo info) {
        return info.members().stream().map(GroupMember::user).collect(Collectors.toSet());
    }

    private static Set<UserId> replay(User user, GroupId group) {
        Set<UserId> members = new HashSet<>();
        for (GroupNotification n : user.notifications) {
            if (!n.group().equals(group)) {
                continue;
            }
            switch (n.kind()) {
                case CREATE -> {
                    members.add(n.actor());
                    members.addAll(n.participants());
                }
                case ADD -> members.addAll(n.participants());
                case REMOVE -> members.removeAll(n.participants());
                case JOIN -> members.add(n.actor());
                case LEAVE -> members.remove(n.actor());
                default -> { }
            }
        }
        return members;
    }

    @Test
    void aRemovedMemberGetsNothingSentAfterAndALaterMemberNothingSentBefore() throws Exception {
        List<User> four = users.register(4);
        User admin = four.get(0);
        User leaving = four.get(1);
        User staying = four.get(2);
        User late = four.get(3);
        GroupInfo group = get(admin.client.createGroup("Turnover", List.of(leaving.id, staying.id)));
        get(admin.client.sendToGroup(group.id(), "before"));
        get(admin.client.removeMembers(group.id(), List.of(leaving.id)));
        get(admin.client.addMembers(group.id(), List.of(late.id)));
        get(admin.client.sendToGroup(group.id(), "after"));

        Await.until("the staying member has both", WAIT,
                () -> hasGroupText(staying, group.id(), "before") && hasGroupText(staying, group.id(), "after"));
        Await.until("the removed member learns of its removal", WAIT, () -> leaving.notifications.stream()
                .anyMatch(n -> n.kind() == GroupNotification.Kind.REMOVE && n.participants().contains(leaving.id)));
        Await.until("the late member has the later message", WAIT, () -> hasGroupText(late, group.id(), "after"));
        // A marker instead of a pause: a member's group messages arrive in log order, so anything wrongly sent to the
        // late member came before "after", and "after", wrongly sent to the removed one, would come before this.
        get(admin.client.addMembers(group.id(), List.of(leaving.id)));
        get(admin.client.sendToGroup(group.id(), "marker"));
        Await.until("the member added back has the marker", WAIT, () -> hasGroupText(leaving, group.id(), "marker"));
        assertThat(hasGroupText(leaving, group.id(), "before")).isTrue();
        assertThat(hasGroupText(leaving, group.id(), "after")).isFalse();
        assertThat(hasGroupText(late, group.id(), "before")).isFalse();
        assertThat(late.notifications).anyMatch(n -> n.kind() == GroupNotification.Kind.ADD);
    }

    @Test
    void readByAllFollowsDeliveredToAllAndDetailShowsEachMember() throws Exception {
        List<User> three = users.register(3);
        User sender = three.get(0);
        GroupInfo group = get(sender.client.createGroup("Receipts", ids(three.subList(1, 3))));
        MessageAck ack = get(sender.client.sendToGroup(group.id(), "read me"));
        for (User reader : three.subList(1, 3)) {
            Await.until("the message arrives", WAIT, () -> hasGroupText(reader, group.id(), "read me"));
        }
        get(three.get(1).client.markGroupRead(group.id(), sender.id, ack.id()));
        Await.until("detail shows one reader", WAIT, () -> sender.client.groupReceipts(group.id(), ack.id()).join()
                .stream().filter(r -> r.state() == MemberReceipt.State.READ).count() == 1);
        assertThat(sender.receipts).noneMatch(r -> r.type() == Receipt.Type.READ);
        get(three.get(2).client.markGroupRead(group.id(), sender.id, ack.id()));
        Await.until("read by all", WAIT, () -> sender.receipts.stream().anyMatch(r -> r.type() == Receipt.Type.READ
                && r.group().equals(java.util.Optional.of(group.id())) && r.id().equals(ack.id())));
        assertThat(sender.receipts.stream().filter(r -> r.group().isPresent())).extracting(Receipt::type)
                .containsExactly(Receipt.Type.DELIVERY, Receipt.Type.READ);
    }

    @Test
    void listShowsTheGroupsAUserIsInNowWithItsRole() throws Exception {
        List<User> two = users.register(2);
        User alice = two.get(0);
        User bob = two.get(1);
        GroupInfo climbing = get(alice.client.createGroup("Climbing", List.of(bob.id)));
        GroupInfo chess = get(alice.client.createGroup("Chess", List.of()));

        assertThat(get(alice.client.listGroups())).containsExactlyInAnyOrder(
                new GroupSummary(climbing.id(), "Climbing", 2, true), new GroupSummary(chess.id(), "Chess", 1, true));
        assertThat(get(bob.client.listGroups())).containsExactly(new GroupSummary(climbing.id(), "Climbing", 2, false));

        get(alice.client.removeMembers(climbing.id(), List.of(bob.id)));
        assertThat(get(bob.client.listGroups())).isEmpty();
    }

    @Test
    void anInviteCodeAdmitsUntilRevoked() throws Exception {
        List<User> three = users.register(3);
        User admin = three.get(0);
        GroupInfo group = get(admin.client.createGroup("Open door", List.of()));
        String code = get(admin.client.groupInviteCode(group.id()));
        assertThat(get(three.get(1).client.joinGroup(code)).isMember(three.get(1).id)).isTrue();
        get(admin.client.revokeGroupInvite(group.id()));
        StanzaErrorException gone = refusal(three.get(2).client.joinGroup(code));
        assertThat(gone.code()).isEqualTo(404);
    }

    @Test
    void aGroupMessageWithItsOneCheckSurvivesKill9() throws Exception {
        Path own = dir.resolve("kill9");
        try (ServerProcess killed = ServerProcess.start(own.resolve("server"), Users.testServerArgs(own))) {
            Users local = new Users(killed, own.resolve("clients"), 910);
            User admin = local.register();
            User member = local.register();
            GroupInfo group = get(admin.client.createGroup("Durable", List.of(member.id)));
            member.client.close();
            List<CompletableFuture<MessageAck>> acks = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                acks.add(admin.client.sendToGroup(group.id(), "kept " + i));
            }
            CompletableFuture.allOf(acks.toArray(new CompletableFuture[0])).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            killed.kill9();
            local.close();

            killed.restart();
            try (Users after = new Users(killed, own.resolve("clients"), 910)) {
                User again = after.reopen(member);
                again.login();
                Await.until("all 50 arrive after the restart", WAIT, () -> again.messages.size() >= 50);
                // A marker sent after the restart, instead of a pause: a duplicate would arrive before it.
                User adminAgain = after.reopen(admin);
                adminAgain.login();
                get(adminAgain.client.sendToGroup(group.id(), "marker"));
                Await.until("the marker arrives", WAIT, () -> again.texts().contains("marker"));
                List<String> expected = new ArrayList<>(java.util.stream.IntStream.range(0, 50)
                        .mapToObj(i -> "kept " + i).toList());
                expected.add("marker");
                assertThat(again.messages.stream().map(IncomingMessage::text).toList())
                        .containsExactlyElementsOf(expected);
            }
        }
    }

    @Test
    void aFloodOfGroupRequestsIsRefusedWith429WhileTheConnectionCarriesOn() throws Exception {
        User user = users.register();
        GroupInfo group = get(user.client.createGroup("Flood", List.of()));
        List<CompletableFuture<GroupInfo>> burst = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            burst.add(user.client.groupInfo(group.id()));
        }
        int refused = 0;
        for (CompletableFuture<GroupInfo> request : burst) {
            try {
                get(request);
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(StanzaErrorException.class);
                assertThat(((StanzaErrorException) e.getCause()).code()).isEqualTo(429);
                refused++;
            }
        }
        // 50 a second pass: how many of the 200 fall in the first second depends on the machine's speed, so only
        // "some refused, not all" is the behaviour.
        assertThat(refused).isPositive().isLessThan(200);
        Await.until("a request goes through again once the second is over", WAIT,
                () -> subjectOrRefused(user, group).equals("Flood"));
    }

    @Test
    void malformedGroupStanzasGet400AndTheConnectionCarriesOn() throws Exception {
        User user = users.register();
        user.client.close(); // the raw connection below logs in with its key
        try (ClientTransport transport = ClientTransport.create(1);
             RawConnection raw = new RawConnection(transport, server.port(),
                     ClientDirectory.open(user.dir).deviceKey(new SignalX25519()).orElseThrow(), Node.of("login"))) {
            List<Node> bad = List.of(
                    iq("b1", "not-hex@g.switchboard", Node.of("info")),
                    iq("b2", GroupId.DOMAIN, Node.builder("create").attr("subject", "x")
                            .child(Node.of("participant")).build()),
                    iq("b3", GroupId.DOMAIN, Node.of("explode")),
                    iq("b4", GroupId.random().address(), Node.builder("settings").attr("announce", "maybe").build()));
            for (Node request : bad) {
                raw.send(request);
                Node reply = raw.next("iq");
                assertThat(reply.attr("id")).isEqualTo(request.attr("id"));
                assertThat(reply.attr("type")).isEqualTo("error");
                assertThat(reply.child("error").attr("code")).isEqualTo("400");
                assertThat(reply.child("error").attr("text")).isNotBlank();
            }
            raw.send(Node.builder("message").attr("to", "0123456789abcdef@g.switchboard").attr("id", "m1")
                    .child(Node.builder("body").bytes(new byte[] {1})).build());
            assertThat(raw.next("ack").attr("error")).isEqualTo("404");
            raw.send(iq("ok", GroupId.DOMAIN, Node.builder("create").attr("subject", "fine").build()));
            Node created = raw.next("iq");
            assertThat(created.attr("type")).isEqualTo("result");
            assertThat(created.child("group").attr("subject")).isEqualTo("fine");
            assertThat(raw.isOpen()).isTrue();
        }
    }

    private static Node iq(String id, String to, Node child) {
        return Node.builder("iq").attr("id", id).attr("type", "set").attr("to", to).child(child).build();
    }

    @Test
    void malformedGroupRequestsGetAClearErrorAndTheConnectionCarriesOn() throws Exception {
        User user = users.register();
        assertThatThrownBy(() -> user.client.createGroup("x".repeat(101), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        StanzaErrorException unknown = refusal(user.client.groupInfo(GroupId.random()));
        assertThat(unknown.code()).isEqualTo(404);
        GroupInfo mine = get(user.client.createGroup("Still fine", List.of()));
        assertThat(mine.members()).extracting(GroupMember::user).containsExactly(user.id);
    }
}

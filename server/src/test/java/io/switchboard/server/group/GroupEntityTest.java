// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.group;

import io.switchboard.protocol.id.GroupId;
import io.switchboard.protocol.id.MessageId;
import io.switchboard.protocol.id.UserId;
import io.switchboard.server.group.GroupEntity.Info;
import io.switchboard.server.group.GroupEntity.Participant;
import io.switchboard.server.group.GroupEntity.Refused;
import io.switchboard.server.group.GroupEntity.Reply;
import io.switchboard.server.session.Gateway;
import io.switchboard.server.store.EntryKind;
import io.switchboard.server.store.GroupEntryKind;
import io.switchboard.server.store.GroupLogEntry;
import io.switchboard.server.store.GroupMember;
import io.switchboard.server.store.GroupSnapshot;
import io.switchboard.server.store.MailboxEntry;
import io.switchboard.server.user.EntityTestNode;
import io.switchboard.server.user.UserEntity;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.japi.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The group entity with user entities on one node that joins itself, the real embedded store in a temp directory
 * and {@code serialize-messages = on}. Sessions are test probes standing in for a node's gateway.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GroupEntityTest {
    private static final UserId ALICE = new UserId("15551230001");
    private static final UserId BOB = new UserId("15551230002");
    private static final UserId CAROL = new UserId("15551230003");
    private static final UserId DAVE = new UserId("15551230004");
    private static final Duration WAIT = Duration.ofSeconds(40);

    @TempDir
    Path dir;
    private EntityTestNode node;
    private ActorTestKit testKit;
    private final GroupId group = GroupId.random();

    @BeforeEach
    void start() {
        node = new EntityTestNode("group-entity-test", dir);
        testKit = node.testKit;
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private EntityRef<GroupEntity.Command> entity() {
        return node.sharding.entityRefFor(GroupEntity.TYPE_KEY, group.value());
    }

    private Reply ask(Function<ActorRef<Reply>, GroupEntity.Command> request) {
        TestProbe<Reply> probe = testKit.createTestProbe();
        try {
            entity().tell(request.apply(probe.getRef()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return probe.receiveMessage(WAIT);
    }

    private Info create(UserId creator, List<UserId> members) {
        Reply reply = ask(r -> new GroupEntity.Create(creator, "Climbing", members, r));
        assertThat(reply).isInstanceOf(Info.class);
        return (Info) reply;
    }

    private static Set<UserId> users(Info info) {
        return info.group().participants().stream().map(Participant::user).collect(Collectors.toSet());
    }

    private static List<UserId> numbers(int from, int count) {
        return IntStream.range(from, from + count).mapToObj(i -> new UserId(Long.toString(15_550_000_000L + i)))
                .toList();
    }

    private TestProbe<Gateway.Command> attach(UserId user, long sessionId) {
        TestProbe<Gateway.Command> gateway = testKit.createTestProbe();
        node.entity(user).tell(new UserEntity.Attach(sessionId, 1, gateway.getRef()));
        return gateway;
    }

    private static GroupLogEntry nextGroupEntry(TestProbe<Gateway.Command> gateway) {
        Gateway.PushGroup push = (Gateway.PushGroup) gateway.fishForMessage(WAIT, m -> m instanceof Gateway.PushGroup
                ? org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.complete()
                : org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.continueAndIgnore()).get(0);
        return push.entry();
    }

    private void ackAll(UserId user, GroupLogEntry entry) {
        node.entity(user).tell(new UserEntity.GroupAcked(entry.group(), entry.kind(), entry.sender(),
                entry.messageId()));
    }

    @Test
    void theCreatorIsTheFirstAdminAndTheOthersAreMembers() throws Exception {
        Info info = create(ALICE, List.of(BOB, CAROL, BOB));
        assertThat(info.group().participants()).containsExactly(new Participant(ALICE, true),
                new Participant(BOB, false), new Participant(CAROL, false));
        GroupSnapshot stored = node.stores.groups().load(group).get(10, TimeUnit.SECONDS).orElseThrow();
        assertThat(stored.info().subject()).isEqualTo("Climbing");
        assertThat(stored.members()).extracting(GroupMember::user).containsExactlyInAnyOrder(ALICE, BOB, CAROL);
        assertThat(stored.lastSeq()).isEqualTo(1);
    }

    @Test
    void aGroupThatDoesNotExistAnswersNotFound() {
        assertThat(ask(r -> new GroupEntity.GetInfo(ALICE, r))).isEqualTo(new Refused(404, "no such group"));
    }

    @Test
    void theThousandAndTwentyFifthMemberIsRefusedWithAClearError() {
        create(ALICE, numbers(1, 1_023));
        Reply reply = ask(r -> new GroupEntity.Add(ALICE, List.of(DAVE), r));
        assertThat(reply).isEqualTo(new Refused(406,
                "a group holds at most 1,024 members; adding 1 would make 1,025"));
        Reply info = ask(r -> new GroupEntity.GetInfo(ALICE, r));
        assertThat(((Info) info).group().participants()).hasSize(1_024);
        assertThat(ask(r -> new GroupEntity.Join(DAVE, "whatever", r))).isInstanceOf(Refused.class);
    }

    @Test
    void onlyAdminsChangeTheGroup() {
        create(ALICE, List.of(BOB));
        assertThat(ask(r -> new GroupEntity.Add(BOB, List.of(CAROL), r)))
                .isEqualTo(new Refused(403, "only admins can add members"));
        assertThat(ask(r -> new GroupEntity.Remove(BOB, List.of(ALICE), r)))
                .isEqualTo(new Refused(403, "only admins can remove members"));
        assertThat(ask(r -> new GroupEntity.Promote(BOB, List.of(BOB), r)))
                .isEqualTo(new Refused(403, "only admins can promote or demote admins"));
        assertThat(ask(r -> new GroupEntity.SetSubject(BOB, "mine now", r)))
                .isEqualTo(new Refused(403, "only admins can change the subject"));
        assertThat(ask(r -> new GroupEntity.RevokeInvite(BOB, r)))
                .isEqualTo(new Refused(403, "only admins can manage the invite link"));
        assertThat(ask(r -> new GroupEntity.Add(CAROL, List.of(DAVE), r)))
                .isEqualTo(new Refused(403, "you are not a member of this group"));
        Info promoted = (Info) ask(r -> new GroupEntity.Promote(ALICE, List.of(BOB), r));
        assertThat(promoted.group().participants()).contains(new Participant(BOB, true));
        assertThat(ask(r -> new GroupEntity.Add(BOB, List.of(CAROL), r))).isInstanceOf(Info.class);
    }

    @Test
    void theLastAdminCannotLeaveOrDemoteItselfWhileOthersStay() {
        create(ALICE, List.of(BOB));
        assertThat(ask(r -> new GroupEntity.Leave(ALICE, r))).isInstanceOf(Refused.class)
                .extracting(reply -> ((Refused) reply).code()).isEqualTo(403);
        assertThat(ask(r -> new GroupEntity.Demote(ALICE, List.of(ALICE), r))).isInstanceOf(Refused.class);
        assertThat(ask(r -> new GroupEntity.Leave(BOB, r))).isEqualTo(new GroupEntity.Done());
        assertThat(ask(r -> new GroupEntity.Send(BOB, new MessageId("b1"), 1_000, new byte[] {1}, true, r)))
                .isEqualTo(new Refused(403, "you are not a member of this group"));
    }

    @Test
    void inAnnounceOnlyGroupsOnlyAdminsSend() {
        create(ALICE, List.of(BOB));
        ask(r -> new GroupEntity.SetAnnounceOnly(ALICE, true, r));
        assertThat(ask(r -> new GroupEntity.Send(BOB, new MessageId("b1"), 1_000, new byte[] {1}, true, r)))
                .isInstanceOf(Refused.class).extracting(reply -> ((Refused) reply).code()).isEqualTo(403);
        assertThat(ask(r -> new GroupEntity.Send(ALICE, new MessageId("a1"), 1_000, new byte[] {1}, true, r)))
                .isEqualTo(new GroupEntity.Sent(new MessageId("a1"), 1_000));
    }

    @Test
    void anInviteCodeLetsAnyoneJoinUntilItIsRevoked() {
        create(ALICE, List.of());
        String code = ((GroupEntity.Invite) ask(r -> new GroupEntity.GetInvite(ALICE, r))).code();
        assertThat(ask(r -> new GroupEntity.GetInvite(ALICE, r))).isEqualTo(new GroupEntity.Invite(code));
        assertThat(users((Info) ask(r -> new GroupEntity.Join(BOB, code, r)))).contains(BOB);
        String fresh = ((GroupEntity.Invite) ask(r -> new GroupEntity.RevokeInvite(ALICE, r))).code();
        assertThat(fresh).isNotEqualTo(code);
        assertThat(ask(r -> new GroupEntity.Join(CAROL, code, r))).isInstanceOf(Refused.class)
                .extracting(reply -> ((Refused) reply).code()).isEqualTo(404);
        assertThat(users((Info) ask(r -> new GroupEntity.Join(CAROL, fresh, r)))).contains(CAROL);
    }

    @Test
    void concurrentAddsAndRemovesFromSeveralAdminsLeaveAConsistentMemberList() throws Exception {
        List<UserId> admins = numbers(1, 3);
        create(admins.get(0), admins);
        ask(r -> new GroupEntity.Promote(admins.get(0), admins, r));
        List<UserId> pool = numbers(100, 40);
        Random random = new Random(7);
        List<TestProbe<Reply>> probes = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            UserId admin = admins.get(i % admins.size());
            List<UserId> some = List.of(pool.get(random.nextInt(pool.size())), pool.get(random.nextInt(pool.size())));
            TestProbe<Reply> probe = testKit.createTestProbe();
            probes.add(probe);
            entity().tell(random.nextBoolean() ? new GroupEntity.Add(admin, some, probe.getRef())
                    : new GroupEntity.Remove(admin, some, probe.getRef()));
        }
        for (TestProbe<Reply> probe : probes) {
            assertThat(probe.receiveMessage(WAIT)).isInstanceOf(Info.class);
        }
        Set<UserId> inMemory = users((Info) ask(r -> new GroupEntity.GetInfo(admins.get(0), r)));
        GroupSnapshot stored = node.stores.groups().load(group).get(10, TimeUnit.SECONDS).orElseThrow();
        Set<UserId> inStore = new HashSet<>();
        stored.members().stream().filter(GroupMember::isCurrent).forEach(m -> inStore.add(m.user()));
        assertThat(inMemory).isEqualTo(inStore).containsAll(admins);
    }

    @Test
    void aMessageReachesEveryOtherMembersSessionsOnceDurableButNotItsSender() throws Exception {
        create(ALICE, List.of(BOB, CAROL));
        TestProbe<Gateway.Command> bob = attach(BOB, 2);
        TestProbe<Gateway.Command> carol = attach(CAROL, 3);
        assertThat(nextGroupEntry(bob).kind()).isEqualTo(GroupEntryKind.NOTIFICATION);
        assertThat(nextGroupEntry(carol).kind()).isEqualTo(GroupEntryKind.NOTIFICATION);
        TestProbe<Gateway.Command> alice = attach(ALICE, 1);
        ackAll(ALICE, nextGroupEntry(alice));

        assertThat(ask(r -> new GroupEntity.Send(ALICE, new MessageId("a1"), 1_000, "hi".getBytes(), true, r)))
                .isEqualTo(new GroupEntity.Sent(new MessageId("a1"), 1_000));
        GroupLogEntry atBob = nextGroupEntry(bob);
        assertThat(atBob.kind()).isEqualTo(GroupEntryKind.MESSAGE);
        assertThat(atBob.sender()).isEqualTo(ALICE);
        assertThat(atBob.payload()).isEqualTo("hi".getBytes());
        assertThat(nextGroupEntry(carol).messageId()).isEqualTo(new MessageId("a1"));
        // A marker instead of a pause: Alice gets the log in order, so her own a1, wrongly pushed, would come first.
        ask(r -> new GroupEntity.Send(BOB, new MessageId("b1"), 1_000, "marker".getBytes(), true, r));
        assertThat(nextGroupEntry(alice).messageId()).isEqualTo(new MessageId("b1"));
        assertThat(node.stores.groups().entries(group, 0, 10).get(10, TimeUnit.SECONDS)).hasSize(3);
    }

    @Test
    void aRetriedMessageIdIsStoredAndDeliveredOnce() throws Exception {
        create(ALICE, List.of(BOB));
        for (int i = 0; i < 3; i++) {
            assertThat(ask(r -> new GroupEntity.Send(ALICE, new MessageId("a1"), 1_000, new byte[] {1}, true, r)))
                    .isEqualTo(new GroupEntity.Sent(new MessageId("a1"), 1_000));
        }
        assertThat(node.stores.groups().entries(group, 0, 10).get(10, TimeUnit.SECONDS))
                .extracting(GroupLogEntry::kind).containsExactly(GroupEntryKind.NOTIFICATION, GroupEntryKind.MESSAGE);
    }

    @Test
    void aMembersByteWindowHoldsEntriesBackUntilAcksMakeRoom() {
        node.close();
        node = new EntityTestNode("group-entity-bytes", dir.resolve("bytes"),
                "switchboard.session.push-window-bytes = 100 KiB");
        testKit = node.testKit;
        create(ALICE, List.of(BOB));
        for (int i = 1; i <= 3; i++) {
            String id = "a" + i;
            ask(r -> new GroupEntity.Send(ALICE, new MessageId(id), 1_000, new byte[40_000], true, r));
        }
        TestProbe<Gateway.Command> bob = attach(BOB, 2);
        GroupLogEntry created = nextGroupEntry(bob);
        GroupLogEntry first = nextGroupEntry(bob);
        assertThat(List.of(created.messageId().value(), first.messageId().value(),
                nextGroupEntry(bob).messageId().value())).containsExactly("n1", "a1", "a2");
        // A third 40 KB entry would pass 100 KiB: it waits for an ack.
        bob.expectNoMessage(Duration.ofMillis(300));
        ackAll(BOB, first);
        assertThat(nextGroupEntry(bob).messageId().value()).isEqualTo("a3");
    }

    @Test
    void anOfflineMemberGetsEverythingInOrderWhenItComesBack() {
        create(ALICE, List.of(BOB));
        for (int i = 1; i <= 5; i++) {
            String id = "a" + i;
            ask(r -> new GroupEntity.Send(ALICE, new MessageId(id), 1_000, new byte[] {1}, true, r));
        }
        TestProbe<Gateway.Command> bob = attach(BOB, 2);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            GroupLogEntry entry = nextGroupEntry(bob);
            ids.add(entry.messageId().value());
            ackAll(BOB, entry);
        }
        assertThat(ids).containsExactly("n1", "a1", "a2", "a3", "a4", "a5");
    }

    @Test
    void deliveredToAllAndReadByAllReachTheSendersMailboxOnceEachAndDetailShowsEveryMember() throws Exception {
        create(ALICE, List.of(BOB, CAROL));
        TestProbe<Gateway.Command> bob = attach(BOB, 2);
        TestProbe<Gateway.Command> carol = attach(CAROL, 3);
        ackAll(BOB, nextGroupEntry(bob));
        ackAll(CAROL, nextGroupEntry(carol));
        ask(r -> new GroupEntity.Send(ALICE, new MessageId("a1"), 1_000, new byte[] {1}, true, r));
        ackAll(BOB, nextGroupEntry(bob));
        // Bob's cursor reaches the group through his user entity, a moment after his ack.
        awaitDetail(List.of(new GroupEntity.MemberReceipt(BOB, true, false),
                new GroupEntity.MemberReceipt(CAROL, false, false)));
        assertThat(receiptsFor(ALICE)).isEmpty();

        ackAll(CAROL, nextGroupEntry(carol));
        awaitReceipts(ALICE, List.of(EntryKind.GROUP_DELIVERY_RECEIPT));
        assertThat(ask(r -> new GroupEntity.MarkRead(BOB, ALICE, new MessageId("a1"), r)))
                .isEqualTo(new GroupEntity.Done());
        assertThat(ask(r -> new GroupEntity.MarkRead(CAROL, ALICE, new MessageId("a1"), r)))
                .isEqualTo(new GroupEntity.Done());
        awaitReceipts(ALICE, List.of(EntryKind.GROUP_DELIVERY_RECEIPT, EntryKind.GROUP_READ_RECEIPT));
        MailboxEntry receipt = receiptsFor(ALICE).get(0);
        assertThat(receipt.sender()).isEqualTo(ALICE);
        assertThat(new String(receipt.payload())).isEqualTo(group.value());
        GroupEntity.Receipts all = (GroupEntity.Receipts) ask(r -> new GroupEntity.GetReceipts(ALICE,
                new MessageId("a1"), r));
        assertThat(all.members()).allMatch(m -> m.delivered() && m.read());
    }

    @Test
    void aRemovedMemberGetsItsRemovalButNothingAfterAndALaterMemberNothingBefore() {
        create(ALICE, List.of(BOB));
        ask(r -> new GroupEntity.Send(ALICE, new MessageId("a1"), 1_000, new byte[] {1}, true, r));
        ask(r -> new GroupEntity.Remove(ALICE, List.of(BOB), r));
        ask(r -> new GroupEntity.Add(ALICE, List.of(CAROL), r));
        ask(r -> new GroupEntity.Send(ALICE, new MessageId("a2"), 1_000, new byte[] {1}, true, r));

        TestProbe<Gateway.Command> bob = attach(BOB, 2);
        List<String> atBob = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            GroupLogEntry entry = nextGroupEntry(bob);
            atBob.add(entry.messageId().value());
            ackAll(BOB, entry);
        }
        assertThat(atBob).containsExactly("n1", "a1", "n3");

        TestProbe<Gateway.Command> carol = attach(CAROL, 3);
        assertThat(nextGroupEntry(carol).messageId().value()).isEqualTo("n4");
        assertThat(nextGroupEntry(carol).messageId().value()).isEqualTo("a2");

        // A marker instead of a pause: Bob, added back, gets what follows in log order, so the n4 and a2 he must
        // not have would come before his re-addition (n6) and the message after it.
        ask(r -> new GroupEntity.Add(ALICE, List.of(BOB), r));
        ask(r -> new GroupEntity.Send(ALICE, new MessageId("a3"), 1_000, new byte[] {1}, true, r));
        assertThat(nextGroupEntry(bob).messageId().value()).isEqualTo("n6");
        assertThat(nextGroupEntry(bob).messageId().value()).isEqualTo("a3");
    }

    @Test
    void aRemovedMemberStillGetsTheContentOfWhatWasSentBeforeItsRemovalAfterEveryoneElseHasIt() throws Exception {
        create(ALICE, List.of(BOB, CAROL));
        TestProbe<Gateway.Command> carol = attach(CAROL, 3);
        ackAll(CAROL, nextGroupEntry(carol));
        TestProbe<Gateway.Command> alice = attach(ALICE, 1);
        ackAll(ALICE, nextGroupEntry(alice));
        ask(r -> new GroupEntity.Send(ALICE, new MessageId("a1"), 1_000, "kept".getBytes(), true, r));
        ackAll(CAROL, nextGroupEntry(carol));
        ask(r -> new GroupEntity.Remove(ALICE, List.of(BOB), r));
        ackAll(CAROL, nextGroupEntry(carol));
        ackAll(ALICE, nextGroupEntry(alice));
        awaitSavedDelivered(List.of(ALICE, CAROL), 3); // everyone but Bob has everything, and the store knows it

        TestProbe<Gateway.Command> bob = attach(BOB, 2);
        assertThat(nextGroupEntry(bob).messageId().value()).isEqualTo("n1");
        GroupLogEntry message = nextGroupEntry(bob);
        assertThat(message.messageId().value()).isEqualTo("a1");
        assertThat(message.payload()).isEqualTo("kept".getBytes());
    }

    private void awaitSavedDelivered(List<UserId> users, long seq) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            List<GroupMember> stored = node.stores.groups().load(group).get(10, TimeUnit.SECONDS).orElseThrow()
                    .members().stream().filter(m -> users.contains(m.user())).toList();
            if (stored.stream().allMatch(m -> m.deliveredSeq() >= seq) || System.nanoTime() > deadline) {
                assertThat(stored).as("saved cursors").allMatch(m -> m.deliveredSeq() >= seq);
                return;
            }
            Thread.sleep(50); // a poll interval, not a wait for an outcome
        }
    }

    private void awaitDetail(List<GroupEntity.MemberReceipt> expected) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            GroupEntity.Receipts detail = (GroupEntity.Receipts) ask(r -> new GroupEntity.GetReceipts(ALICE,
                    new MessageId("a1"), r));
            if (new HashSet<>(detail.members()).equals(new HashSet<>(expected)) || System.nanoTime() > deadline) {
                assertThat(detail.members()).containsExactlyInAnyOrderElementsOf(expected);
                return;
            }
            Thread.sleep(50); // a poll interval, not a wait for an outcome
        }
    }

    private List<MailboxEntry> receiptsFor(UserId user) throws Exception {
        return node.stores.mailbox().pending(user, 0, 10).get(10, TimeUnit.SECONDS);
    }

    private void awaitReceipts(UserId user, List<EntryKind> kinds) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!receiptsFor(user).stream().map(MailboxEntry::kind).toList().equals(kinds)) {
            if (System.nanoTime() > deadline) {
                assertThat(receiptsFor(user)).extracting(MailboxEntry::kind).isEqualTo(kinds);
            }
            Thread.sleep(50); // a poll interval, not a wait for an outcome
        }
    }
}

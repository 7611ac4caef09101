// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.user;

import io.switchboard.protocol.id.MessageId;
import io.switchboard.protocol.id.UserId;
import io.switchboard.server.session.Gateway;
import io.switchboard.server.store.EntryKind;
import io.switchboard.server.store.MailboxEntry;
import io.switchboard.server.store.MessageOrigin;
import io.switchboard.server.store.Stores;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The user entity on one node that joins itself, with the real embedded store in a temp directory and
 * {@code serialize-messages = on}, so a message that could not cross nodes fails here.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UserEntityTest {
    private static final UserId ALICE = new UserId("15551230001");
    private static final UserId BOB = new UserId("15551230002");
    private static final UserId CAROL = new UserId("15551230003");

    @TempDir
    Path dir;
    private EntityTestNode node;
    private Stores stores;
    private ActorTestKit testKit;
    private ClusterSharding sharding;

    @BeforeEach
    void start() {
        node = new EntityTestNode("user-entity-test", dir);
        stores = node.stores;
        testKit = node.testKit;
        sharding = node.sharding;
        // Chat messages are stored only for numbers that registered.
        node.register(BOB);
        node.register(ALICE);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private EntityRef<UserEntity.Command> entity(UserId user) {
        return node.entity(user);
    }

    private UserEntity.StoreReply store(UserId to, UserId from, String id) {
        TestProbe<UserEntity.StoreReply> reply = testKit.createTestProbe();
        entity(to).tell(UserEntity.Store.of(from, new MessageId(id), EntryKind.MESSAGE, 1_000, new byte[] {1},
                reply.getRef()));
        return reply.receiveMessage(Duration.ofSeconds(20));
    }

    @Test
    void storedIsAnsweredOnceTheEntryIsInTheStore() throws Exception {
        assertThat(store(BOB, ALICE, "a1")).isEqualTo(new UserEntity.Stored(new MessageId("a1"), 1_000, false));
        List<MailboxEntry> pending = stores.mailbox().pending(BOB, 0, 10).get(10, TimeUnit.SECONDS);
        assertThat(pending).extracting(MailboxEntry::messageId).containsExactly(new MessageId("a1"));
    }

    @Test
    void aMessageToANumberThatNeverRegisteredIsRefusedWith404AndNotStored() throws Exception {
        UserId nobody = new UserId("15559990404");
        UserEntity.StoreReply reply = store(nobody, ALICE, "a1");
        assertThat(reply).isInstanceOfSatisfying(UserEntity.StoreRefused.class, refused -> {
            assertThat(refused.code()).isEqualTo(404);
            assertThat(refused.reason()).contains("no such user", nobody.phone());
        });
        assertThat(stores.mailbox().countPending(nobody).get(10, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void aNumberThatRegistersLaterGetsTheMessagesSentAfterIt() throws Exception {
        UserId late = new UserId("15559990405");
        assertThat(store(late, ALICE, "a1")).isInstanceOf(UserEntity.StoreRefused.class);
        node.register(late);
        assertThat(store(late, ALICE, "a2")).isEqualTo(new UserEntity.Stored(new MessageId("a2"), 1_000, false));
        assertThat(stores.mailbox().pending(late, 0, 10).get(10, TimeUnit.SECONDS))
                .extracting(MailboxEntry::messageId).containsExactly(new MessageId("a2"));
    }

    @Test
    void aRetriedIdIsStoredOnce() throws Exception {
        store(BOB, ALICE, "a1");
        assertThat(store(BOB, ALICE, "a1")).isEqualTo(new UserEntity.Stored(new MessageId("a1"), 1_000, true));
        assertThat(stores.mailbox().countPending(BOB).get(10, TimeUnit.SECONDS)).isEqualTo(1L);
    }

    @Test
    void anAttachedSessionGetsQueuedEntriesInOrderThenNewOnes() {
        store(BOB, ALICE, "a1");
        store(BOB, ALICE, "a2");
        TestProbe<Gateway.Command> gateway = testKit.createTestProbe();
        entity(BOB).tell(new UserEntity.Attach(7, 1, gateway.getRef()));
        assertThat(pushedId(gateway)).isEqualTo("a1");
        assertThat(pushedId(gateway)).isEqualTo("a2");
        store(BOB, ALICE, "a3");
        assertThat(pushedId(gateway)).isEqualTo("a3");
    }

    @Test
    void anAttachedSessionIsToldWhenEveryStoredEntryHasBeenPushedAndHowMany() {
        store(BOB, ALICE, "a1");
        store(BOB, ALICE, "a2");
        TestProbe<Gateway.Command> gateway = testKit.createTestProbe();
        entity(BOB).tell(new UserEntity.Attach(7, 1, gateway.getRef()));
        assertThat(pushedIdsThenBacklogEnd(gateway)).containsExactly("a1", "a2", "end of 2");
        // A message stored afterwards is pushed without another marker: the marker ends the stored backlog only.
        store(BOB, ALICE, "a3");
        assertThat(pushedId(gateway)).isEqualTo("a3");
        gateway.expectNoMessage(Duration.ofMillis(300));
    }

    @Test
    void anEmptyMailboxIsAnnouncedAsABacklogOfNone() {
        TestProbe<Gateway.Command> gateway = testKit.createTestProbe();
        entity(CAROL).tell(new UserEntity.Attach(9, 1, gateway.getRef()));
        assertThat(pushedIdsThenBacklogEnd(gateway)).containsExactly("end of 0");
    }

    @Test
    void anAckDeletesTheMessageAndQueuesADeliveryReceiptForTheSender() throws Exception {
        store(BOB, ALICE, "a1");
        TestProbe<Gateway.Command> gateway = testKit.createTestProbe();
        entity(BOB).tell(new UserEntity.Attach(7, 1, gateway.getRef()));
        pushedId(gateway);
        entity(BOB).tell(new UserEntity.Acked(ALICE, new MessageId("a1"), EntryKind.MESSAGE));
        awaitPending(BOB, 0);
        List<MailboxEntry> forAlice = stores.mailbox().pending(ALICE, 0, 10).get(10, TimeUnit.SECONDS);
        assertThat(forAlice).singleElement().satisfies(receipt -> {
            assertThat(receipt.kind()).isEqualTo(EntryKind.DELIVERY_RECEIPT);
            assertThat(receipt.sender()).isEqualTo(BOB);
            assertThat(receipt.messageId()).isEqualTo(new MessageId("a1"));
        });
    }

    @Test
    void aRestartedEntityAsksGatewaysToReattachAndRedeliversFromTheStore() {
        // A gateway registered like a node's: every (re)started entity announces itself to it.
        TestProbe<Gateway.Command> gateway = testKit.createTestProbe();
        testKit.system().receptionist().tell(Receptionist.register(Gateway.KEY, gateway.getRef()));
        awaitGatewayListed(gateway);
        store(BOB, ALICE, "a1");
        assertThat(gateway.expectMessageClass(Gateway.EntityStarted.class).user()).isEqualTo(BOB);
        entity(BOB).tell(new UserEntity.Attach(7, 1, gateway.getRef()));
        assertThat(pushedId(gateway)).isEqualTo("a1");
        // The session goes; the idle entity leaves memory. The next message starts a new incarnation.
        entity(BOB).tell(new UserEntity.Detach(7));
        awaitNoEntity(BOB);
        store(BOB, ALICE, "a2");
        List<Gateway.Command> fished = gateway.fishForMessage(Duration.ofSeconds(20),
                m -> m instanceof Gateway.EntityStarted ? FishingOutcomes.complete()
                        : FishingOutcomes.continueAndIgnore());
        assertThat(((Gateway.EntityStarted) fished.get(fished.size() - 1)).user()).isEqualTo(BOB);
        // What the gateway does on EntityStarted: attach its sessions again. Both entries come back, in order.
        entity(BOB).tell(new UserEntity.Attach(8, 1, gateway.getRef()));
        assertThat(pushedId(gateway)).isEqualTo("a1");
        assertThat(pushedId(gateway)).isEqualTo("a2");
    }

    @Test
    void aSessionAttachedAgainIsNotPushedWhatItHasAlready() {
        store(BOB, ALICE, "a1");
        store(BOB, ALICE, "a2");
        TestProbe<Gateway.Command> gateway = testKit.createTestProbe();
        entity(BOB).tell(new UserEntity.Attach(7, 1, gateway.getRef()));
        assertThat(pushedIdsThenBacklogEnd(gateway)).containsExactly("a1", "a2", "end of 2");
        // What the gateway does when the entity announces its start: attach its live sessions again. It used to
        // restart delivery and push a1 and a2 (the whole in-flight window) to this session a second time.
        entity(BOB).tell(new UserEntity.Attach(7, 1, gateway.getRef()));
        store(BOB, ALICE, "a3");
        assertThat(pushedId(gateway)).isEqualTo("a3");
    }

    @Test
    void aSessionOnAnotherNodeWithTheSameIdGetsEverythingUnacked() {
        store(BOB, ALICE, "a1");
        TestProbe<Gateway.Command> killedNode = testKit.createTestProbe();
        entity(BOB).tell(new UserEntity.Attach(7, 1, killedNode.getRef()));
        assertThat(pushedIdsThenBacklogEnd(killedNode)).containsExactly("a1", "end of 1");
        // The device reconnects to another node, whose own counter also gave its session id 7, before the entity
        // hears that the first node died. It was taken for a re-attach and got nothing (ClusterFailoverIT stalled).
        TestProbe<Gateway.Command> survivor = testKit.createTestProbe();
        entity(BOB).tell(new UserEntity.Attach(7, 1, survivor.getRef()));
        assertThat(pushedIdsThenBacklogEnd(survivor)).containsExactly("a1", "end of 1");
        store(BOB, ALICE, "a2");
        assertThat(pushedId(survivor)).isEqualTo("a2");
    }

    @Test
    void aMessageLeftUnackedByASessionThatClosedGoesToTheNextOne() {
        store(BOB, ALICE, "a1");
        TestProbe<Gateway.Command> first = testKit.createTestProbe();
        entity(BOB).tell(new UserEntity.Attach(7, 1, first.getRef()));
        assertThat(pushedId(first)).isEqualTo("a1");
        entity(BOB).tell(new UserEntity.Detach(7));
        TestProbe<Gateway.Command> second = testKit.createTestProbe();
        entity(BOB).tell(new UserEntity.Attach(8, 1, second.getRef()));
        assertThat(pushedIdsThenBacklogEnd(second)).containsExactly("a1", "end of 1");
    }

    @Test
    void theByteWindowHoldsMessagesBackUntilAcksMakeRoomAndALargerOneGoesAlone() {
        try (EntityTestNode small = new EntityTestNode("user-entity-bytes", dir.resolve("bytes"),
                "switchboard.session.push-window-bytes = 100 KiB")) {
            small.register(BOB);
            String[] ids = {"big", "s1", "s2", "s3"};
            int[] sizes = {300_000, 40_000, 40_000, 40_000};
            for (int i = 0; i < ids.length; i++) {
                TestProbe<UserEntity.StoreReply> reply = small.testKit.createTestProbe();
                small.entity(BOB).tell(UserEntity.Store.of(ALICE, new MessageId(ids[i]), EntryKind.MESSAGE, 1_000,
                        new byte[sizes[i]], reply.getRef()));
                reply.expectMessageClass(UserEntity.Stored.class, Duration.ofSeconds(20));
            }
            TestProbe<Gateway.Command> gateway = small.testKit.createTestProbe();
            small.entity(BOB).tell(new UserEntity.Attach(7, 1, gateway.getRef()));
            // Larger than the window: it goes out alone, and nothing follows until it is acked.
            assertThat(pushedId(gateway)).isEqualTo("big");
            gateway.expectNoMessage(Duration.ofMillis(300));
            small.entity(BOB).tell(new UserEntity.Acked(ALICE, new MessageId("big"), EntryKind.MESSAGE));
            // Two of 40 KB fit in 100 KiB, the third waits for an ack.
            assertThat(pushedId(gateway)).isEqualTo("s1");
            assertThat(pushedId(gateway)).isEqualTo("s2");
            gateway.expectNoMessage(Duration.ofMillis(300));
            small.entity(BOB).tell(new UserEntity.Acked(ALICE, new MessageId("s1"), EntryKind.MESSAGE));
            assertThat(pushedIdsThenBacklogEnd(gateway)).containsExactly("s3", "end of 4");
        }
    }

    /** The ids pushed up to the backlog marker, then "end of N" for the marker's count. */
    private List<String> pushedIdsThenBacklogEnd(TestProbe<Gateway.Command> gateway) {
        List<String> seen = new java.util.ArrayList<>();
        while (true) {
            Gateway.Command command = gateway.receiveMessage(Duration.ofSeconds(20));
            if (command instanceof Gateway.Push push) {
                seen.add(push.entry().messageId().value());
            } else if (command instanceof Gateway.BacklogDelivered end) {
                seen.add("end of " + end.count());
                return seen;
            }
        }
    }

    @Test
    void unackedReceiptsDoNotHoldBackTheMessagesBehindThem() {
        // More unacked receipts than the push window (64): they used to fill it and stall every later message.
        for (int i = 0; i < 80; i++) {
            TestProbe<UserEntity.StoreReply> reply = testKit.createTestProbe();
            entity(BOB).tell(new UserEntity.Store(ALICE, new MessageId("r" + i), EntryKind.DELIVERY_RECEIPT, 1_000,
                    new byte[0], new MessageOrigin(1, 1), true, reply.getRef()));
            reply.expectMessageClass(UserEntity.Stored.class, Duration.ofSeconds(20));
        }
        store(BOB, ALICE, "m1");
        TestProbe<Gateway.Command> gateway = testKit.createTestProbe();
        entity(BOB).tell(new UserEntity.Attach(7, 1, gateway.getRef()));
        String last = null;
        for (int i = 0; i < 81; i++) {
            last = pushedId(gateway);
        }
        assertThat(last).isEqualTo("m1");
        store(BOB, ALICE, "m2");
        assertThat(pushedId(gateway)).isEqualTo("m2");
    }

    @Test
    void aMessageSentWithoutReceiptsIsDeletedOnAckWithNoDeliveryReceipt() {
        TestProbe<UserEntity.StoreReply> reply = testKit.createTestProbe();
        entity(BOB).tell(new UserEntity.Store(ALICE, new MessageId("n1"), EntryKind.MESSAGE, 1_000, new byte[] {1},
                new MessageOrigin(1, 1), false, reply.getRef()));
        reply.expectMessageClass(UserEntity.Stored.class, Duration.ofSeconds(20));
        TestProbe<Gateway.Command> gateway = testKit.createTestProbe();
        entity(BOB).tell(new UserEntity.Attach(7, 1, gateway.getRef()));
        assertThat(pushedId(gateway)).isEqualTo("n1");

        entity(BOB).tell(new UserEntity.Acked(ALICE, new MessageId("n1"), EntryKind.MESSAGE));

        awaitPending(BOB, 0);
        store(ALICE, BOB, "after");
        assertThat(stores.mailbox().pending(ALICE, 0, 10).join()).extracting(MailboxEntry::messageId)
                .containsExactly(new MessageId("after"));
    }

    @Test
    void aReusedIdWithOtherContentIsRefusedWithConflict() {
        store(BOB, ALICE, "c1");
        TestProbe<UserEntity.StoreReply> reply = testKit.createTestProbe();
        entity(BOB).tell(UserEntity.Store.of(ALICE, new MessageId("c1"), EntryKind.MESSAGE, 1_000, new byte[] {2},
                reply.getRef()));

        assertThat(reply.receiveMessage(Duration.ofSeconds(20))).isInstanceOfSatisfying(
                UserEntity.StoreRefused.class, refused -> assertThat(refused.code()).isEqualTo(409));
    }

    private String pushedId(TestProbe<Gateway.Command> gateway) {
        while (true) {
            Gateway.Command command = gateway.receiveMessage(Duration.ofSeconds(20));
            if (command instanceof Gateway.Push push) {
                return push.entry().messageId().value();
            }
        }
    }

    /** The cluster receptionist spreads registrations asynchronously: wait until a lookup finds the gateway. */
    private void awaitGatewayListed(TestProbe<Gateway.Command> gateway) {
        TestProbe<Receptionist.Listing> listing = testKit.createTestProbe();
        listing.awaitAssert(Duration.ofSeconds(20), () -> {
            testKit.system().receptionist().tell(Receptionist.find(Gateway.KEY, listing.getRef()));
            assertThat(listing.receiveMessage(Duration.ofSeconds(5)).getServiceInstances(Gateway.KEY))
                    .contains(gateway.getRef());
            return null;
        });
    }

    /** Waits until sharding no longer holds an entity for {@code user} (it passivated). */
    private void awaitNoEntity(UserId user) {
        TestProbe<ShardRegion.CurrentShardRegionState> state = testKit.createTestProbe();
        state.awaitAssert(Duration.ofSeconds(20), () -> {
            sharding.shardState().tell(new GetShardRegionState(UserEntity.TYPE_KEY, state.getRef()));
            ShardRegion.CurrentShardRegionState current = state.receiveMessage(Duration.ofSeconds(5));
            assertThat(current.getShards()).allSatisfy(shard ->
                    assertThat(shard.getEntityIds()).doesNotContain(user.digits()));
            return null;
        });
    }

    private void awaitPending(UserId user, long count) {
        testKit.createTestProbe().awaitAssert(Duration.ofSeconds(20), () -> {
            assertThat(stores.mailbox().countPending(user).get(5, TimeUnit.SECONDS)).isEqualTo(count);
            return null;
        });
    }
}

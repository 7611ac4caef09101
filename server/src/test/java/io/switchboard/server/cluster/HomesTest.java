// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.cluster;

import io.switchboard.protocol.id.MessageId;
import io.switchboard.protocol.id.UserId;
import io.switchboard.server.store.EntryKind;
import io.switchboard.server.store.HomeKind;
import io.switchboard.server.store.MailboxEntry;
import io.switchboard.server.user.EntityTestNode;
import io.switchboard.server.user.UserEntity;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Homes on one node of a named datacenter ("east"), with the real embedded store: the first use claims the home,
 * messages told while the home is being read keep their order, and an entity whose home is elsewhere runs no state.
 */
class HomesTest {
    private static final UserId ALICE = new UserId("15550000001");
    private static final UserId BOB = new UserId("15550000002");

    @TempDir
    Path dir;
    private EntityTestNode node;

    @BeforeEach
    void start() {
        node = new EntityTestNode("homes-test", dir, "pekko.cluster.multi-data-center.self-data-center = east");
        node.register(BOB);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void theFirstUseOfAUserClaimsItsHomeForThisDatacenter() throws Exception {
        assertThat(node.homes.enabled()).isTrue();
        store(BOB, "m1").toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertThat(node.stores.homes().find(HomeKind.USER, BOB.digits()).get()).contains("east");
    }

    @Test
    void messagesToldWhileTheHomeIsLookedUpArriveInTheOrderTheyWereTold() throws Exception {
        List<CompletionStage<UserEntity.StoreReply>> replies = new ArrayList<>();
        List<MessageId> sent = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            MessageId id = new MessageId("m" + i);
            sent.add(id);
            replies.add(store(BOB, id.value()));
        }
        for (CompletionStage<UserEntity.StoreReply> reply : replies) {
            assertThat(reply.toCompletableFuture().get(30, TimeUnit.SECONDS)).isInstanceOf(UserEntity.Stored.class);
        }
        List<MailboxEntry> stored = node.stores.mailbox().pending(BOB, 0, 1_000).get(10, TimeUnit.SECONDS);
        assertThat(stored).extracting(MailboxEntry::messageId).containsExactlyElementsOf(sent);
    }

    @Test
    void anEntityWhoseHomeIsAnotherDatacenterRunsNoStateHere() throws Exception {
        // Home in "west", which has no members: the entity started here must forward, never store.
        node.stores.homes().claim(HomeKind.USER, ALICE.digits(), "west").get();
        TestProbe<UserEntity.StoreReply> reply = node.testKit.createTestProbe();
        node.entity(ALICE).tell(UserEntity.Store.of(BOB, new MessageId("x1"), EntryKind.MESSAGE, 1_000,
                new byte[] {1}, reply.getRef()));
        reply.expectNoMessage(Duration.ofSeconds(2));
        assertThat(node.stores.mailbox().pending(ALICE, 0, 10).get(10, TimeUnit.SECONDS)).isEmpty();
    }

    private CompletionStage<UserEntity.StoreReply> store(UserId to, String id) {
        return node.homes.ref(UserEntity.TYPE_KEY, to.digits()).ask(replyTo -> UserEntity.Store.of(ALICE,
                new MessageId(id), EntryKind.MESSAGE, 1_000, new byte[] {1}, replyTo), Duration.ofSeconds(20));
    }
}

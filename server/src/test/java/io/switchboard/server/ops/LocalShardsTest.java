// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.ops;

import io.switchboard.protocol.id.MessageId;
import io.switchboard.protocol.id.UserId;
import io.switchboard.server.group.GroupEntity;
import io.switchboard.server.store.EntryKind;
import io.switchboard.server.user.EntityTestNode;
import io.switchboard.server.user.UserEntity;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-type counts behind the shard gauges, on one node that joins itself (its user entities passivate after
 * 200 ms idle), refreshed every 100 ms.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LocalShardsTest {
    private static final UserId ALICE = new UserId("15551230001");
    private static final UserId BOB = new UserId("15551230002");
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private EntityTestNode node;
    private LocalShards shards;

    @BeforeEach
    void start() {
        node = new EntityTestNode("local-shards-test", dir);
        shards = LocalShards.start(node.testKit.system(), List.of(UserEntity.TYPE_KEY, GroupEntity.TYPE_KEY),
                Duration.ofMillis(100), Duration.ofSeconds(3));
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private UserEntity.Store store(String id, TestProbe<UserEntity.StoreReply> reply) {
        return UserEntity.Store.of(ALICE, new MessageId(id), EntryKind.MESSAGE, 1_000, new byte[] {1},
                reply.getRef());
    }

    @Test
    void everyTypeReadsZeroUntilItsEntitiesStart() {
        assertThat(shards.types()).containsExactly("User", "Group");
        assertThat(shards.shards("User")).isZero();
        assertThat(shards.entities("Group")).isZero();
    }

    @Test
    void countsTheShardsAndEntitiesThisNodeHosts() {
        TestProbe<UserEntity.StoreReply> reply = node.testKit.createTestProbe();
        AtomicInteger id = new AtomicInteger();
        // Each attempt stores again, so the entity is awake at the next refresh although it passivates when idle.
        reply.awaitAssert(WAIT, () -> {
            node.entity(BOB).tell(store("m" + id.incrementAndGet(), reply));
            reply.receiveMessage(Duration.ofSeconds(5));
            assertThat(shards.shards("User")).isEqualTo(1);
            assertThat(shards.entities("User")).isEqualTo(1);
            return null;
        });
        assertThat(shards.shards("Group")).isZero();
        assertThat(shards.entities("Group")).isZero();
    }

    @Test
    void aPassivatedEntityLeavesTheCountWhileItsShardStaysHere() {
        TestProbe<UserEntity.StoreReply> reply = node.testKit.createTestProbe();
        node.entity(BOB).tell(store("m1", reply));
        reply.receiveMessage(WAIT);

        reply.awaitAssert(WAIT, () -> {
            assertThat(shards.shards("User")).isEqualTo(1);
            assertThat(shards.entities("User")).isZero();
            return null;
        });
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.user;

import io.switchboard.protocol.id.UserId;
import io.switchboard.server.session.Gateway;
import io.switchboard.server.store.LastSeenPrivacy;
import io.switchboard.server.store.Stores;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Presence and typing in the user entity, on one self-joined node with the real embedded store and
 * {@code serialize-messages = on}; test probes stand in for the gateways of the sessions.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UserPresenceTest {
    private static final UserId ALICE = new UserId("15551230001");
    private static final UserId BOB = new UserId("15551230002");
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private EntityTestNode node;
    private Stores stores;
    private ActorTestKit testKit;
    private ClusterSharding sharding;

    @BeforeEach
    void start() {
        node = new EntityTestNode("user-presence-test", dir);
        stores = node.stores;
        testKit = node.testKit;
        sharding = node.sharding;
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private EntityRef<UserEntity.Command> entity(UserId user) {
        return node.entity(user);
    }

    private Gateway.PushPresence nextPresence(TestProbe<Gateway.Command> gateway) {
        return (Gateway.PushPresence) gateway.fishForMessage(WAIT, m -> m instanceof Gateway.PushPresence
                ? FishingOutcomes.complete()
                : FishingOutcomes.continueAndIgnore()).get(0);
    }

    @Test
    void subscriberSeesOnlineThenOfflineWithAStoredLastSeen() {
        TestProbe<Gateway.Command> watcher = testKit.createTestProbe();
        entity(BOB).tell(new UserEntity.Subscribe(watcher.getRef(), 42));
        assertThat(nextPresence(watcher)).isEqualTo(new Gateway.PushPresence(42, BOB, false, 0));

        TestProbe<Gateway.Command> bobsNode = testKit.createTestProbe();
        entity(BOB).tell(new UserEntity.Attach(7, 1, bobsNode.getRef()));
        assertThat(nextPresence(watcher).available()).isTrue();

        long before = System.currentTimeMillis();
        entity(BOB).tell(new UserEntity.Detach(7));
        Gateway.PushPresence offline = nextPresence(watcher);
        assertThat(offline.available()).isFalse();
        assertThat(offline.lastSeen()).isGreaterThanOrEqualTo(before);
        awaitStored(BOB, offline.lastSeen());
    }

    @Test
    void lastSeenIsHiddenWhenThePrivacyIsNobody() {
        TestProbe<UserEntity.PrivacyReply> reply = testKit.createTestProbe();
        entity(BOB).tell(new UserEntity.SetPrivacy(LastSeenPrivacy.NOBODY, reply.getRef()));
        assertThat(reply.receiveMessage(WAIT)).isEqualTo(new UserEntity.PrivacyReply(LastSeenPrivacy.NOBODY, true));
        TestProbe<Gateway.Command> bobsNode = testKit.createTestProbe();
        entity(BOB).tell(new UserEntity.Attach(7, 1, bobsNode.getRef()));
        entity(BOB).tell(new UserEntity.Detach(7));

        TestProbe<Gateway.Command> watcher = testKit.createTestProbe();
        entity(BOB).tell(new UserEntity.Subscribe(watcher.getRef(), 42));
        assertThat(nextPresence(watcher)).isEqualTo(new Gateway.PushPresence(42, BOB, false, 0));
        entity(BOB).tell(new UserEntity.GetPrivacy(reply.getRef()));
        assertThat(reply.receiveMessage(WAIT).privacy()).isEqualTo(LastSeenPrivacy.NOBODY);
    }

    @Test
    void typingReachesOnlyLiveSessionsAndUnsubscribedSessionsHearNothing() {
        TestProbe<Gateway.Command> watcher = testKit.createTestProbe();
        entity(BOB).tell(new UserEntity.Subscribe(watcher.getRef(), 42));
        nextPresence(watcher);
        entity(BOB).tell(new UserEntity.Unsubscribe(watcher.getRef(), 42));

        TestProbe<Gateway.Command> bobsNode = testKit.createTestProbe();
        entity(BOB).tell(new UserEntity.Attach(7, 1, bobsNode.getRef()));
        entity(BOB).tell(new UserEntity.Typing(ALICE, true));
        assertThat(bobsNode.fishForMessage(WAIT, m -> m instanceof Gateway.PushTyping
                ? FishingOutcomes.complete()
                : FishingOutcomes.continueAndIgnore()))
                .last().isEqualTo(new Gateway.PushTyping(7, ALICE, true));
        watcher.expectNoMessage(Duration.ofMillis(300));
    }

    private void awaitStored(UserId user, long lastSeen) {
        testKit.createTestProbe().awaitAssert(WAIT, () -> {
            assertThat(stores.presence().find(user).get(10, TimeUnit.SECONDS).lastSeen()).isEqualTo(lastSeen);
            return null;
        });
    }
}

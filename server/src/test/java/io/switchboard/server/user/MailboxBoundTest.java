// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.user;

import io.switchboard.protocol.id.MessageId;
import io.switchboard.protocol.id.UserId;
import io.switchboard.server.session.Gateway;
import io.switchboard.server.store.EntryKind;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-recipient mailbox bound (issue 16) on the user entity, with the real embedded store: a chat message past
 * the bound's count or bytes is refused with 413 naming the recipient, the bound is the store's after a restart, and
 * delivery makes room again. Receipts are not bounded.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MailboxBoundTest {
    private static final String BOUNDS = "switchboard.limits.mailbox { messages = 5, bytes = 1000 }";
    private static final UserId ALICE = new UserId("15551240001");
    private static final UserId BOB = new UserId("15551240002");

    @TempDir
    Path dir;
    private EntityTestNode node;

    @BeforeEach
    void start() {
        node = startNode();
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private EntityTestNode startNode() {
        EntityTestNode started = new EntityTestNode("mailbox-bound-test", dir, BOUNDS);
        started.register(ALICE);
        started.register(BOB);
        return started;
    }

    private UserEntity.StoreReply store(String id, int size) {
        return store(id, EntryKind.MESSAGE, size);
    }

    private UserEntity.StoreReply store(String id, EntryKind kind, int size) {
        TestProbe<UserEntity.StoreReply> reply = node.testKit.createTestProbe();
        node.entity(BOB).tell(UserEntity.Store.of(ALICE, new MessageId(id), kind, 1_000, new byte[size],
                reply.getRef()));
        return reply.receiveMessage(Duration.ofSeconds(20));
    }

    private static void assertRefusedAsFull(UserEntity.StoreReply reply) {
        assertThat(reply).isInstanceOfSatisfying(UserEntity.StoreRefused.class, refused -> {
            assertThat(refused.code()).isEqualTo(413);
            assertThat(refused.reason()).contains(BOB.phone(), "too many undelivered messages", "come online");
        });
    }

    private void fill() {
        for (int i = 0; i < 5; i++) {
            assertThat(store("m" + i, 10)).isInstanceOf(UserEntity.Stored.class);
        }
    }

    @Test
    void aMessagePastTheCountIsRefusedWith413AndNotStored() throws Exception {
        fill();
        assertRefusedAsFull(store("m5", 10));
        assertThat(node.stores.mailbox().countPending(BOB).get(10, TimeUnit.SECONDS)).isEqualTo(5);
    }

    @Test
    void aMessagePastTheBytesIsRefused() {
        assertThat(store("b0", 400)).isInstanceOf(UserEntity.Stored.class);
        assertThat(store("b1", 400)).isInstanceOf(UserEntity.Stored.class);
        assertRefusedAsFull(store("b2", 400));
        assertThat(store("b3", 200)).as("what still fits").isInstanceOf(UserEntity.Stored.class);
    }

    @Test
    void concurrentSendersCannotOvershootTheBound() {
        TestProbe<UserEntity.StoreReply> reply = node.testKit.createTestProbe();
        for (int i = 0; i < 12; i++) {
            node.entity(BOB).tell(UserEntity.Store.of(ALICE, new MessageId("c" + i), EntryKind.MESSAGE, 1_000,
                    new byte[10], reply.getRef()));
        }
        List<UserEntity.StoreReply> replies = reply.receiveSeveralMessages(12, Duration.ofSeconds(20));
        assertThat(replies).filteredOn(r -> r instanceof UserEntity.Stored).hasSize(5);
        assertThat(replies).filteredOn(r -> r instanceof UserEntity.StoreRefused).hasSize(7);
    }

    @Test
    void receiptsAreStoredInAFullMailbox() {
        fill();
        assertThat(store("r1", EntryKind.DELIVERY_RECEIPT, 0)).isInstanceOf(UserEntity.Stored.class);
    }

    @Test
    void theBoundHoldsAfterARestart() {
        fill();
        node.close();
        node = startNode();
        assertRefusedAsFull(store("m5", 10));
    }

    @Test
    void deliveringTheMailboxMakesRoomAgain() {
        fill();
        assertRefusedAsFull(store("m5", 10));
        TestProbe<Gateway.Command> gateway = node.testKit.createTestProbe();
        node.entity(BOB).tell(new UserEntity.Attach(7, 1, gateway.getRef()));
        List<String> pushed = new ArrayList<>();
        while (pushed.size() < 5) {
            if (gateway.receiveMessage(Duration.ofSeconds(20)) instanceof Gateway.Push push) {
                pushed.add(push.entry().messageId().value());
                node.entity(BOB).tell(new UserEntity.Acked(ALICE, push.entry().messageId(), EntryKind.MESSAGE));
            }
        }
        // Deletes complete asynchronously: each try before the room is back is refused, never stored twice.
        node.testKit.createTestProbe().awaitAssert(Duration.ofSeconds(20), () -> {
            assertThat(store("m5", 10)).isInstanceOf(UserEntity.Stored.class);
            return null;
        });
        assertThat(pushed).containsExactly("m0", "m1", "m2", "m3", "m4");
    }
}

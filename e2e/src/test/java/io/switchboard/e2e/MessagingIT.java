// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.e2e;

import io.switchboard.client.MessageAck;
import io.switchboard.client.Receipt;
import io.switchboard.e2e.Users.User;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.ServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** 1:1 messaging through one real server process, with SDK clients over loopback. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MessagingIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create().config(Users.TEST_CONFIG);
    static Users users;

    @BeforeAll
    static void openUsers() throws Exception {
        users = new Users(server.process(), dir.resolve("clients"), 100);
    }

    @AfterAll
    static void closeUsers() throws Exception {
        users.close();
    }

    @Test
    void messageToAnOnlineUserIsDeliveredThenReadWithReceipts() throws Exception {
        User alice = users.register();
        User bob = users.register();
        MessageAck ack = alice.client.send(bob.id, "hello bob").get(30, TimeUnit.SECONDS);
        assertThat(ack.to()).isEqualTo(bob.id);

        Await.until("bob receives the message", WAIT, () -> bob.messages.size() == 1);
        assertThat(bob.messages.peek().from()).isEqualTo(alice.id);
        assertThat(bob.messages.peek().id()).isEqualTo(ack.id());
        Await.until("alice sees two checks", WAIT, () -> alice.receiptsOf(Receipt.Type.DELIVERY) == 1);

        bob.client.markRead(alice.id, ack.id()).get(30, TimeUnit.SECONDS);
        Await.until("alice sees blue checks", WAIT, () -> alice.receiptsOf(Receipt.Type.READ) == 1);
        assertThat(bob.texts()).containsExactly("hello bob");
    }

    @Test
    void messageToAnOfflineUserArrivesWhenItLogsIn() throws Exception {
        User alice = users.register();
        User bob = users.register();
        bob.client.close();
        alice.client.send(bob.id, "while you were away").get(30, TimeUnit.SECONDS);

        User bobAgain = users.reopen(bob);
        bobAgain.login();
        Await.until("bob receives the queued message", WAIT, () -> bobAgain.messages.size() == 1);
        assertThat(bobAgain.texts()).containsExactly("while you were away");
        Await.until("alice sees two checks", WAIT, () -> alice.receiptsOf(Receipt.Type.DELIVERY) == 1);
    }

    @Test
    void aThousandMessagesArriveInOrder() throws Exception {
        User alice = users.register();
        User bob = users.register();
        List<CompletableFuture<MessageAck>> acks = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            acks.add(alice.client.send(bob.id, "message " + i));
        }
        CompletableFuture.allOf(acks.toArray(new CompletableFuture[0])).get(120, TimeUnit.SECONDS);
        Await.until("bob receives all 1,000", Duration.ofSeconds(120), () -> bob.messages.size() >= 1000);
        assertThat(bob.texts()).containsExactlyElementsOf(IntStream.range(0, 1000).mapToObj(i -> "message " + i)
                .toList());
        Await.until("alice gets 1,000 delivery receipts", Duration.ofSeconds(120),
                () -> alice.receiptsOf(Receipt.Type.DELIVERY) == 1000);
    }

    @Test
    void aSecondLoginOfTheSameDeviceReplacesTheFirst() throws Exception {
        User alice = users.register();
        List<Integer> closedWith = new java.util.concurrent.CopyOnWriteArrayList<>();
        alice.client.onDisconnect(closed -> closedWith.add(closed.errorCode()));
        User aliceElsewhere = users.reopen(alice);
        aliceElsewhere.login();
        Await.until("the first session is replaced", WAIT, () -> closedWith.contains(409));
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.e2e;

import io.switchboard.client.MessageAck;
import io.switchboard.client.StanzaErrorException;
import io.switchboard.e2e.Users.User;
import io.switchboard.protocol.id.UserId;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.ServerExtension;
import io.switchboard.testkit.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mailbox bound and the storage quota against a real server process (issue 16): a send past either is refused
 * with 413 and a sentence the SDK hands to the app; the bound holds after {@code kill -9} and a restart; once the
 * recipient logs in and receives what waits, sends are accepted again.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class MailboxBoundsIT {
    /** 50 messages or 200 KiB per mailbox; 300 KiB per sender, so 16 KiB messages to two users hit the quota. */
    private static final String BOUNDS = """
            switchboard.registration.codes-per-address-per-hour = 1000000
            switchboard.limits.messages { per-second = 1000000, burst = 1000000 }
            switchboard.limits.mailbox { messages = 50, bytes = 200 KiB }
            switchboard.limits.account-stored-bytes = 300 KiB
            """;
    private static final String LARGE = "x".repeat(16 * 1024);

    @TempDir
    static java.nio.file.Path dir;
    // One server for the class (a restart costs less than a second server): each test kills and restarts it, and
    // uses users of its own.
    @RegisterExtension
    static final ServerExtension extension = ServerExtension.create().config(BOUNDS);
    static ServerProcess server;
    static Users users;

    @BeforeAll
    static void openUsers() {
        server = extension.process();
        users = new Users(server, dir.resolve("clients"), 416);
    }

    @AfterAll
    static void closeUsers() {
        users.close();
    }

    @Test
    void aFullMailboxRefusesWith413UntilItsUserHasReceivedWhatWaits() throws Exception {
        User alice = users.register();
        User bob = users.register();
        bob.client.close();
        List<CompletableFuture<MessageAck>> acks = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            acks.add(alice.client.send(bob.id, "m" + i));
        }
        CompletableFuture.allOf(acks.toArray(new CompletableFuture[0])).get(60, TimeUnit.SECONDS);

        double refusedBefore = refusedCount();
        assertFull(refusal(alice.client.send(bob.id, "one too many")), bob.id);
        assertThat(refusedCount()).as("counted in /metrics").isEqualTo(refusedBefore + 1);

        server.kill9();
        server.restartOnSamePort();
        assertFull(refusal(alice.client.send(bob.id, "after the restart")), bob.id);

        User bobAgain = users.reopen(bob);
        bobAgain.login();
        Await.until("bob receives the 50", Duration.ofSeconds(60), () -> bobAgain.messages.size() >= 50);
        // Acks and deletes are asynchronous: until they are done a send is refused, never lost.
        MessageAck accepted = acceptedWithin(alice, bob.id, Duration.ofSeconds(30));
        assertThat(accepted).isNotNull();
        Await.until("bob receives it", Duration.ofSeconds(30), () -> bobAgain.texts().contains("room again"));
    }

    @Test
    void aSenderPastItsQuotaIsRefusedWith413AcrossARestartUntilARecipientReceives() throws Exception {
        User alice = users.register();
        User bob = users.register();
        User carol = users.register();
        bob.client.close();
        carol.client.close();
        // 16 KiB (and a little ciphertext overhead) each, alternately to two mailboxes far below their own bound.
        int accepted = 0;
        StanzaErrorException refused = null;
        while (refused == null && accepted < 40) {
            UserId to = accepted % 2 == 0 ? bob.id : carol.id;
            try {
                alice.client.send(to, LARGE).get(30, TimeUnit.SECONDS);
                accepted++;
            } catch (ExecutionException e) {
                refused = (StanzaErrorException) e.getCause();
            }
        }
        assertThat(accepted).as("16 KiB messages within 300 KiB").isBetween(15, 18);
        assertOverQuota(refused);

        server.kill9();
        server.restartOnSamePort();
        assertOverQuota(refusal(alice.client.send(carol.id, LARGE)));
        // Someone else may still write to the same mailboxes: the quota is alice's, not theirs.
        User dave = users.register();
        dave.client.send(bob.id, "from dave").get(30, TimeUnit.SECONDS);

        User bobAgain = users.reopen(bob);
        bobAgain.login();
        int forBob = (accepted + 1) / 2 + 1;
        Await.until("bob receives alice's and dave's", Duration.ofSeconds(60),
                () -> bobAgain.messages.size() >= forBob);
        assertThat(acceptedWithin(alice, carol.id, Duration.ofSeconds(30))).isNotNull();
    }

    private static double refusedCount() {
        String value = Metrics.of(server).value("switchboard_messages_bounded_total");
        return value.isEmpty() ? 0 : Double.parseDouble(value);
    }

    private static void assertFull(StanzaErrorException refused, UserId recipient) {
        assertThat(refused.code()).isEqualTo(413);
        assertThat(refused.getMessage()).contains(recipient.phone() + " has too many undelivered messages",
                "try again after they come online");
    }

    private static void assertOverQuota(StanzaErrorException refused) {
        assertThat(refused).as("a refusal").isNotNull();
        assertThat(refused.code()).isEqualTo(413);
        assertThat(refused.getMessage()).contains("you have 300 KiB of messages your recipients have not received");
    }

    private static StanzaErrorException refusal(CompletableFuture<?> send) throws Exception {
        try {
            send.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StanzaErrorException s) {
                return s;
            }
            throw e;
        }
        throw new AssertionError("the send was accepted");
    }

    /** Sends until one is accepted (each refused one must be a 413), within {@code timeout}. */
    private static MessageAck acceptedWithin(User from, UserId to, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return from.client.send(to, "room again").get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOfSatisfying(StanzaErrorException.class,
                        s -> assertThat(s.code()).isEqualTo(413));
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("still refused after " + timeout, e);
                }
            }
        }
    }
}

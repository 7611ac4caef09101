// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.e2e;

import io.switchboard.client.ClientDirectory;
import io.switchboard.client.ClientTransport;
import io.switchboard.client.LastSeenPrivacy;
import io.switchboard.client.PresenceUpdate;
import io.switchboard.client.TypingUpdate;
import io.switchboard.crypto.SignalX25519;
import io.switchboard.e2e.Users.User;
import io.switchboard.protocol.id.UserId;
import io.switchboard.protocol.node.Node;
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
import java.time.Instant;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Presence, last seen privacy and typing through one real server process, with SDK clients over loopback. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PresenceIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create().config(Users.TEST_CONFIG);
    static Users users;
    static ClientTransport transport;

    @BeforeAll
    static void openUsers() throws Exception {
        users = new Users(server.process(), dir.resolve("clients"), 500);
        transport = ClientTransport.create(1);
    }

    @AfterAll
    static void closeUsers() throws Exception {
        users.close();
        transport.close();
    }

    /** Everything one client hears about presence and typing. */
    private static final class Watcher {
        final ConcurrentLinkedQueue<PresenceUpdate> presence = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<TypingUpdate> typing = new ConcurrentLinkedQueue<>();

        Watcher(User user) {
            user.client.onPresence(presence::add);
            user.client.onTyping(typing::add);
        }

        PresenceUpdate awaitLast(String what, UserId of, boolean available) {
            Await.until(what, WAIT, () -> last(of) != null && last(of).available() == available);
            return last(of);
        }

        PresenceUpdate last(UserId of) {
            return presence.stream().filter(p -> p.user().equals(of)).reduce((a, b) -> b).orElse(null);
        }
    }

    @Test
    void presenceAppearsWhenTheTargetLogsInAndTurnsToLastSeenWhenItCloses() throws Exception {
        User alice = users.register();
        User bob = users.register();
        Watcher aliceSees = new Watcher(alice);
        alice.client.subscribePresence(bob.id).get(30, TimeUnit.SECONDS);
        aliceSees.awaitLast("bob is available", bob.id, true);

        Instant beforeClose = Instant.now().minusSeconds(1);
        bob.client.close();
        PresenceUpdate gone = aliceSees.awaitLast("bob is unavailable", bob.id, false);
        assertThat(gone.lastSeen()).hasValueSatisfying(t -> assertThat(t).isAfterOrEqualTo(beforeClose
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)).isBeforeOrEqualTo(Instant.now()));

        User bobAgain = users.reopen(bob);
        bobAgain.login();
        aliceSees.awaitLast("bob is available again", bob.id, true);
    }

    @Test
    void aSubscriptionMadeWhileOfflineIsSentAtLogin() throws Exception {
        User alice = users.register();
        User bob = users.register();
        bob.client.close();
        alice.client.close();

        User aliceAgain = users.reopen(alice);
        Watcher aliceSees = new Watcher(aliceAgain);
        aliceAgain.client.subscribePresence(bob.id).get(30, TimeUnit.SECONDS);
        aliceAgain.login();
        PresenceUpdate offline = aliceSees.awaitLast("bob is unavailable with last seen", bob.id, false);
        assertThat(offline.lastSeen()).isPresent();
    }

    @Test
    void lastSeenIsHiddenWhenTheTargetsPrivacyIsNobody() throws Exception {
        User alice = users.register();
        User bob = users.register();
        assertThat(bob.client.setLastSeenPrivacy(LastSeenPrivacy.NOBODY).get(30, TimeUnit.SECONDS))
                .isEqualTo(LastSeenPrivacy.NOBODY);
        assertThat(bob.client.lastSeenPrivacy().get(30, TimeUnit.SECONDS)).isEqualTo(LastSeenPrivacy.NOBODY);
        Watcher aliceSees = new Watcher(alice);
        alice.client.subscribePresence(bob.id).get(30, TimeUnit.SECONDS);
        aliceSees.awaitLast("bob is available", bob.id, true);

        bob.client.close();
        assertThat(aliceSees.awaitLast("bob is unavailable", bob.id, false).lastSeen()).isEmpty();
    }

    @Test
    void aViewerWhosePrivacyIsNobodySeesNobodysLastSeen() throws Exception {
        User alice = users.register();
        User carol = users.register();
        User bob = users.register();
        bob.client.close();
        alice.client.setLastSeenPrivacy(LastSeenPrivacy.NOBODY).get(30, TimeUnit.SECONDS);
        Watcher aliceSees = new Watcher(alice);
        Watcher carolSees = new Watcher(carol);
        alice.client.subscribePresence(bob.id).get(30, TimeUnit.SECONDS);
        carol.client.subscribePresence(bob.id).get(30, TimeUnit.SECONDS);

        assertThat(carolSees.awaitLast("carol sees bob unavailable", bob.id, false).lastSeen()).isPresent();
        assertThat(aliceSees.awaitLast("alice sees bob unavailable", bob.id, false).lastSeen()).isEmpty();
    }

    @Test
    void typingReachesAnOnlinePeerAndIsNeverDeliveredLater() throws Exception {
        User alice = users.register();
        User bob = users.register();
        User carol = users.register();
        Watcher bobSees = new Watcher(bob);
        alice.client.sendTyping(bob.id, true).get(30, TimeUnit.SECONDS);
        Await.until("bob sees alice typing", WAIT, () -> bobSees.typing.contains(new TypingUpdate(alice.id, true)));
        alice.client.sendTyping(bob.id, false).get(30, TimeUnit.SECONDS);
        Await.until("bob sees alice pause", WAIT, () -> bobSees.typing.contains(new TypingUpdate(alice.id, false)));

        carol.client.close();
        alice.client.sendTyping(carol.id, true).get(30, TimeUnit.SECONDS);
        alice.client.send(carol.id, "after typing").get(30, TimeUnit.SECONDS);
        User carolAgain = users.reopen(carol);
        Watcher carolSees = new Watcher(carolAgain);
        carolAgain.login();
        // The message was sent after the typing: once it has arrived, stored typing would have too.
        Await.until("carol receives the message", WAIT, () -> carolAgain.messages.size() == 1);
        assertThat(carolSees.typing).isEmpty();
    }

    @Test
    void theSdkRefusesTheThousandAndFirstSubscription() throws Exception {
        User alice = users.register();
        for (int i = 0; i < 1_000; i++) {
            alice.client.subscribePresence(new UserId(String.format("1555999%04d", i))).get(30, TimeUnit.SECONDS);
        }
        assertThatThrownBy(() -> alice.client.subscribePresence(new UserId("15559981000")).get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void theServerRefusesTheThousandAndFirstSubscriptionOfASession() throws Exception {
        User alice = users.register();
        alice.client.close();
        try (RawConnection raw = new RawConnection(transport, server.port(),
                ClientDirectory.open(alice.dir).deviceKey(new SignalX25519()).orElseThrow(), Node.of("login"))) {
            for (int i = 0; i < 1_001; i++) {
                raw.send(Node.builder("presence").attr("type", "subscribe")
                        .attr("to", String.format("1555998%04d@s.switchboard", i)).build());
            }
            Node refused = nextError(raw);
            assertThat(refused.attr("from")).isEqualTo("15559981000@s.switchboard");
            assertThat(refused.child("error").attr("code")).isEqualTo("429");
            assertThat(raw.isOpen()).isTrue();
        }
    }

    /** The first {@code <presence type='error'>}, skipping the answers to the accepted subscriptions. */
    private static Node nextError(RawConnection raw) throws InterruptedException {
        while (true) {
            Node node = raw.next("presence");
            if ("error".equals(node.attr("type"))) {
                return node;
            }
        }
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.e2e;

import io.switchboard.client.ClientDirectory;
import io.switchboard.client.ClientTransport;
import io.switchboard.client.ConnectionSettings;
import io.switchboard.client.MessageAck;
import io.switchboard.client.PresenceUpdate;
import io.switchboard.crypto.SignalX25519;
import io.switchboard.e2e.Users.User;
import io.switchboard.protocol.node.Node;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Dead connections are found, slow readers hurt nobody else, and a graceful stop loses nothing. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LivenessIT {

    @TempDir
    Path dir;

    private String[] serverArgs(String extraConfig) throws Exception {
        String[] args = Users.testServerArgs(dir);
        Files.writeString(Path.of(args[1]), Files.readString(Path.of(args[1])) + extraConfig);
        return args;
    }

    @Test
    void aClientThatFallsSilentIsClosedAtTheIdleLimitAndShownUnavailable() throws Exception {
        try (ServerProcess server = ServerProcess.start(dir.resolve("server"),
                serverArgs("switchboard.transport.idle-timeout = 2s\n"));
             Users users = new Users(server, dir.resolve("clients"), 500);
             ClientTransport transport = ClientTransport.create(1)) {
            User alice = users.register();
            User watcher = users.register();
            List<PresenceUpdate> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            watcher.client.onPresence(seen::add);
            alice.client.close();
            // Logged in, then silent: no pings (a dead phone, or a socket whose peer vanished without a FIN).
            ConnectionSettings noPings = new ConnectionSettings(ConnectionSettings.DEFAULT.transport(),
                    Duration.ofSeconds(5), Duration.ofHours(1));
            try (RawConnection silent = new RawConnection(transport, server.port(),
                    ClientDirectory.open(alice.dir).deviceKey(new SignalX25519()).orElseThrow(), Node.of("login"),
                    noPings)) {
                assertThat(silent.firstReply.attr("ping")).isEqualTo("60");
                watcher.client.subscribePresence(alice.id).get(30, TimeUnit.SECONDS);
                Await.until("the watcher sees alice available", Duration.ofSeconds(20),
                        () -> seen.stream().anyMatch(PresenceUpdate::available));
                Await.until("the server closed the silent connection", Duration.ofSeconds(20),
                        () -> silent.closed != null);
                assertThat(silent.closed.errorCode()).isEqualTo(1010);
                Await.until("the watcher sees alice unavailable", Duration.ofSeconds(20),
                        () -> !seen.isEmpty() && !seen.get(seen.size() - 1).available());
            }
        }
    }

    /** Messages queued for the stalled reader: far more than a push window, so most wait in the store. */
    private static final int QUEUED = 3_000;

    @Test
    void aStalledReaderDoesNotSlowOthersAndGetsEverythingWhenItReadsAgain() throws Exception {
        try (ServerProcess server = ServerProcess.start(dir.resolve("server"), Users.testServerArgs(dir));
             Users users = new Users(server, dir.resolve("clients"), 600)) {
            User alice = users.register();
            User bob = users.register();
            bob.client.close();
            List<User> others = users.register(100);
            try (BlockingNoiseClient stalled = new BlockingNoiseClient(server.port(),
                    ClientDirectory.open(bob.dir).deviceKey(new SignalX25519()).orElseThrow())) {
                assertThat(stalled.read().tag()).isEqualTo("success");
                // Bob logged in and stops reading while 3,000 messages are queued for him (47 push windows of 64).
                List<CompletableFuture<MessageAck>> toBob = new ArrayList<>();
                for (int i = 0; i < QUEUED; i++) {
                    toBob.add(alice.client.send(bob.id, "queued " + i));
                }
                // Meanwhile 100 other clients exchange 10 messages each, and are not held up.
                long start = System.nanoTime();
                List<CompletableFuture<MessageAck>> chatter = new ArrayList<>();
                for (int round = 0; round < 10; round++) {
                    for (int i = 0; i < others.size(); i++) {
                        chatter.add(others.get(i).client.send(others.get((i + 1) % others.size()).id, "r" + round));
                    }
                }
                CompletableFuture.allOf(chatter.toArray(new CompletableFuture[0])).get(60, TimeUnit.SECONDS);
                Await.until("1,000 chats delivered", Duration.ofSeconds(60),
                        () -> others.stream().allMatch(u -> u.messages.size() == 10));
                System.out.printf("1,000 messages between 100 clients beside a stalled reader: %d ms%n",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                CompletableFuture.allOf(toBob.toArray(new CompletableFuture[0])).get(120, TimeUnit.SECONDS);
            }
            // Bob reads again (a working client this time): every queued message arrives, in order, once.
            User bobAgain = users.reopen(bob);
            bobAgain.login();
            Await.until("bob receives all " + QUEUED, Duration.ofSeconds(120),
                    () -> bobAgain.messages.size() >= QUEUED);
            assertThat(bobAgain.texts()).containsExactlyElementsOf(IntStream.range(0, QUEUED)
                    .mapToObj(i -> "queued " + i).toList());
        }
    }

    @Test
    void aReaderThatFallsFarBehindIsCutOffAndItsQueueWaitsInTheStore() throws Exception {
        // A wide push window and a small outbound bound, so a stalled reader passes the bound quickly; a short
        // wait for bytes to leave before it counts as stalled.
        try (ServerProcess server = ServerProcess.start(dir.resolve("server"), serverArgs(
                "switchboard.session { push-window = 1000, push-window-bytes = 8 MiB }\n"
                        + "switchboard.transport.max-outbound-bytes = 64 KiB\n"
                        + "switchboard.transport.slow-consumer-timeout = 2s\n"));
             Users users = new Users(server, dir.resolve("clients"), 800)) {
            User alice = users.register();
            User bob = users.register();
            bob.client.close();
            String big = "x".repeat(60_000);
            try (BlockingNoiseClient stalled = new BlockingNoiseClient(server.port(),
                    ClientDirectory.open(bob.dir).deviceKey(new SignalX25519()).orElseThrow())) {
                assertThat(stalled.read().tag()).isEqualTo("success");
                List<CompletableFuture<MessageAck>> acks = new ArrayList<>();
                for (int i = 0; i < 120; i++) {
                    acks.add(alice.client.send(bob.id, i + ":" + big));
                }
                CompletableFuture.allOf(acks.toArray(new CompletableFuture[0])).get(120, TimeUnit.SECONDS);
                // The server cut bob off instead of buffering 7 MB for him (its events log says so).
                Await.until("the server cuts the stalled reader off", Duration.ofSeconds(60),
                        () -> server.output().contains("slow consumer cut off"));
            }
            User bobAgain = users.reopen(bob);
            bobAgain.login();
            Await.until("bob receives all 120", Duration.ofSeconds(120), () -> bobAgain.messages.size() >= 120);
            assertThat(bobAgain.messages.stream().map(m -> m.text().substring(0, m.text().indexOf(':'))).toList())
                    .containsExactlyElementsOf(IntStream.range(0, 120).mapToObj(Integer::toString).toList());
        }
    }

    @Test
    void sigtermUnderLoadLosesNothingAcknowledgedAndClientsCarryOnAfterTheRestart() throws Exception {
        ServerProcess server = ServerProcess.start(dir.resolve("server"), Users.testServerArgs(dir));
        try (Users users = new Users(server, dir.resolve("clients"), 700)) {
            User alice = users.register();
            User bob = users.register();
            bob.client.close();
            List<CompletableFuture<MessageAck>> acks = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                acks.add(alice.client.send(bob.id, "m" + i));
            }
            Await.until("some messages acked", Duration.ofSeconds(30), () -> acks.stream().filter(
                    CompletableFuture::isDone).count() >= 100);
            assertThat(server.terminate(Duration.ofSeconds(30))).as("exit code after SIGTERM").isZero();

            server.restartOnSamePort();
            // Alice's client reconnects by itself and resends what was not acked, with the same ids.
            CompletableFuture.allOf(acks.toArray(new CompletableFuture[0])).get(120, TimeUnit.SECONDS);
            User bobAgain = users.reopen(bob);
            bobAgain.login();
            Await.until("bob receives all 2,000", Duration.ofSeconds(60), () -> bobAgain.messages.size() >= 2_000);
            assertThat(bobAgain.texts()).containsExactlyElementsOf(IntStream.range(0, 2_000)
                    .mapToObj(i -> "m" + i).toList());
        } finally {
            server.close();
        }
    }
}

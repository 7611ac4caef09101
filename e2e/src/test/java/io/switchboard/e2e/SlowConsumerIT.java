// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.e2e;

import io.switchboard.client.ClientDirectory;
import io.switchboard.client.ConnectionClosed;
import io.switchboard.client.MessageAck;
import io.switchboard.client.WireEvent;
import io.switchboard.crypto.SignalX25519;
import io.switchboard.e2e.Users.User;
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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that reads is never a slow consumer, however much is queued for it; one that stops reading is. Drains of
 * 64 KiB messages used to keep a whole push window (64 of them, 4 MiB) in a fast reader's outbound buffer, over
 * {@code max-outbound-bytes} (1 MiB), and the server cut it off in 8 of 11 drains.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class SlowConsumerIT {
    private static final int MESSAGES = 300;
    private static final int DRAINS = 3;
    private static final String BIG = "x".repeat(60_000);

    @TempDir
    Path dir;

    private String[] serverArgs(String extraConfig) throws Exception {
        String[] args = Users.testServerArgs(dir);
        Files.writeString(Path.of(args[1]), Files.readString(Path.of(args[1])) + "\n" + extraConfig);
        return args;
    }

    @Test
    void aFastReaderDrainingLargeMessagesIsNeverCutOffAndGetsEachMessageOnceOnTheWire() throws Exception {
        // The shipped defaults: max-outbound-bytes 1 MiB, push window 64 messages and 512 KiB, timeout 15 s.
        try (ServerProcess server = ServerProcess.start(dir.resolve("server"), serverArgs(""));
             Users users = new Users(server, dir.resolve("clients"), 910)) {
            User alice = users.register();
            User bob = users.register();
            bob.client.close();
            for (int drain = 0; drain < DRAINS; drain++) {
                String prefix = "d" + drain + "-";
                List<CompletableFuture<MessageAck>> acks = new ArrayList<>(MESSAGES);
                for (int i = 0; i < MESSAGES; i++) {
                    acks.add(alice.client.send(bob.id, prefix + i + ":" + BIG));
                }
                CompletableFuture.allOf(acks.toArray(new CompletableFuture[0])).get(180, TimeUnit.SECONDS);

                User reader = users.reopen(bob);
                Map<String, Integer> onTheWire = new ConcurrentHashMap<>();
                List<ConnectionClosed> closes = new CopyOnWriteArrayList<>();
                reader.client.onWire(event -> {
                    if (event.direction() == WireEvent.Direction.RECEIVED && event.node().tag().equals("message")) {
                        onTheWire.merge(event.node().attr("id"), 1, Integer::sum);
                    }
                });
                reader.client.onDisconnect(closes::add);
                reader.login();
                Await.until("drain " + drain + ": bob receives " + MESSAGES + " messages", Duration.ofMinutes(2),
                        () -> reader.messages.size() >= MESSAGES || !closes.isEmpty());

                assertThat(closes).as("drain %d: the server closed the reader's connection", drain).isEmpty();
                assertThat(reader.messages.stream().map(m -> m.text().substring(0, m.text().indexOf(':'))).toList())
                        .containsExactlyElementsOf(IntStream.range(0, MESSAGES).mapToObj(i -> prefix + i).toList());
                assertThat(onTheWire).as("drain %d: pushes per message id on the wire", drain).hasSize(MESSAGES)
                        .allSatisfy((id, count) -> assertThat(count).as("pushes of %s", id).isEqualTo(1));
                // Logged out with everything acked: the next drain starts from an empty mailbox plus new messages.
                reader.client.close();
            }
            assertThat(server.output()).doesNotContain("slow consumer cut off");
            assertThat(Metrics.of(server).value("switchboard_slow_consumers_total")).isEqualTo("0.0");
        }
    }

    @Test
    void aReaderThatStopsReadingIsCutOffOnceNothingHasLeftForTheTimeout() throws Exception {
        // With the default windows a stalled reader's messages stay below the bound: the kernel's socket buffer
        // on loopback takes most of 512 KiB. A wide window (8 MiB) and a small bound make its queue pass the bound;
        // a short timeout.
        try (ServerProcess server = ServerProcess.start(dir.resolve("server"), serverArgs(
                "switchboard.session { push-window = 1000, push-window-bytes = 8 MiB }\n"
                        + "switchboard.transport.max-outbound-bytes = 64 KiB\n"
                        + "switchboard.transport.slow-consumer-timeout = 2s\n"));
             Users users = new Users(server, dir.resolve("clients"), 920)) {
            User alice = users.register();
            User bob = users.register();
            bob.client.close();
            try (BlockingNoiseClient stalled = new BlockingNoiseClient(server.port(),
                    ClientDirectory.open(bob.dir).deviceKey(new SignalX25519()).orElseThrow())) {
                assertThat(stalled.read().tag()).isEqualTo("success");
                // Logged in, and never reads again.
                List<CompletableFuture<MessageAck>> acks = new ArrayList<>();
                for (int i = 0; i < 120; i++) {
                    acks.add(alice.client.send(bob.id, i + ":" + BIG));
                }
                CompletableFuture.allOf(acks.toArray(new CompletableFuture[0])).get(120, TimeUnit.SECONDS);
                Await.until("the server cuts the stalled reader off", Duration.ofSeconds(60),
                        () -> Metrics.of(server).value("switchboard_slow_consumers_total").equals("1.0"));
                assertThat(server.output()).contains("slow consumer cut off");
            }
            // Nothing was lost: a reading client gets all 120, in order, once.
            User bobAgain = users.reopen(bob);
            bobAgain.login();
            Await.until("bob receives all 120", Duration.ofSeconds(120), () -> bobAgain.messages.size() >= 120);
            assertThat(bobAgain.messages.stream().map(m -> m.text().substring(0, m.text().indexOf(':'))).toList())
                    .containsExactlyElementsOf(IntStream.range(0, 120).mapToObj(Integer::toString).toList());
        }
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.e2e;

import io.switchboard.client.MessageAck;
import io.switchboard.e2e.Users.User;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A large mailbox drains in order through a server with a 128 MiB heap: the entity holds at most a push window of
 * entries in memory and reads the rest from the store, a page at a time, as acks come back. 3,000 messages are
 * 12 drain pages of 256 and 47 push windows of 64, which proves the paging; the 100,000-message run is a benchmark
 * (docs/BENCHMARKS.md, "Large mailbox"): {@code -Dswitchboard.it.mailbox-messages=100000}.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class LargeMailboxIT {
    private static final int MESSAGES = Integer.getInteger("switchboard.it.mailbox-messages", 3_000);
    private static final int BATCH = 5_000;

    @TempDir
    Path dir;

    @Test
    void tenThousandQueuedMessagesDrainInOrderWithinASmallHeap() throws Exception {
        try (ServerProcess server = ServerProcess.start(List.of("-Xmx128m", "-XX:+UseSerialGC"),
                dir.resolve("server"), Users.testServerArgs(dir));
             Users users = new Users(server, dir.resolve("clients"), 400)) {
            User alice = users.register();
            User bob = users.register();
            bob.client.close();
            for (int from = 0; from < MESSAGES; from += BATCH) {
                List<CompletableFuture<MessageAck>> acks = new ArrayList<>(BATCH);
                for (int i = from; i < Math.min(MESSAGES, from + BATCH); i++) {
                    acks.add(alice.client.send(bob.id, Integer.toString(i)));
                }
                CompletableFuture.allOf(acks.toArray(new CompletableFuture[0])).get(120, TimeUnit.SECONDS);
            }
            User bobAgain = users.reopen(bob);
            bobAgain.login();
            Await.until("bob receives " + MESSAGES + " messages", Duration.ofMinutes(4),
                    () -> bobAgain.messages.size() >= MESSAGES);
            List<String> texts = bobAgain.texts();
            assertThat(texts).hasSize(MESSAGES);
            for (int i = 0; i < MESSAGES; i++) {
                if (!texts.get(i).equals(Integer.toString(i))) {
                    throw new AssertionError("message " + i + " arrived as '" + texts.get(i) + "': out of order");
                }
            }
        }
    }
}

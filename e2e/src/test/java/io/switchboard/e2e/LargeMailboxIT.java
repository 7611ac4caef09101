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
 * A mailbox of 100,000 messages drains in order through a server with a 128 MiB heap: the entity holds at most a
 * push window of entries in memory and reads the rest from the store as acks come back.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class LargeMailboxIT {
    private static final int MESSAGES = 100_000;
    private static final int BATCH = 5_000;

    @TempDir
    Path dir;

    @Test
    void aHundredThousandQueuedMessagesDrainInOrderWithinASmallHeap() throws Exception {
        try (ServerProcess server = ServerProcess.start(List.of("-Xmx128m", "-XX:+UseSerialGC"),
                dir.resolve("server"), Users.testServerArgs(dir));
             Users users = new Users(server, dir.resolve("clients"), 400)) {
            User alice = users.register();
            User bob = users.register();
            bob.client.close();
            for (int from = 0; from < MESSAGES; from += BATCH) {
                List<CompletableFuture<MessageAck>> acks = new ArrayList<>(BATCH);
                for (int i = from; i < from + BATCH; i++) {
                    acks.add(alice.client.send(bob.id, Integer.toString(i)));
                }
                CompletableFuture.allOf(acks.toArray(new CompletableFuture[0])).get(120, TimeUnit.SECONDS);
            }
            User bobAgain = users.reopen(bob);
            bobAgain.login();
            Await.until("bob receives 100,000 messages", Duration.ofMinutes(4),
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

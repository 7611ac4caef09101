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
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** One check is a promise: what the server acknowledged survives {@code kill -9} of the server process. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DurabilityIT {

    @TempDir
    Path dir;

    @Test
    void acknowledgedMessagesSurviveKill9AndAreDeliveredExactlyOnce() throws Exception {
        List<String> sent = IntStream.range(0, 200).mapToObj(i -> "durable " + i).toList();
        User bob;
        try (ServerProcess server = ServerProcess.start(dir.resolve("server"), Users.testServerArgs(dir))) {
            Users users = new Users(server, dir.resolve("clients"), 200);
            User alice = users.register();
            bob = users.register();
            bob.client.close(); // offline: the messages wait in bob's mailbox
            List<CompletableFuture<MessageAck>> acks = new ArrayList<>();
            for (String text : sent) {
                acks.add(alice.client.send(bob.id, text));
            }
            CompletableFuture.allOf(acks.toArray(new CompletableFuture[0])).get(60, TimeUnit.SECONDS);
            // Every message has its one check. Now the server dies without a chance to flush anything.
            server.kill9();
            users.close();

            server.restart();
            try (Users after = new Users(server, dir.resolve("clients"), 200)) {
                User bobAgain = after.reopen(bob);
                bobAgain.login();
                Await.until("bob receives all 200", Duration.ofSeconds(60), () -> bobAgain.messages.size() >= 200);
                // Exactly once: give a duplicate the time it would need to show up, then count.
                User probe = after.register();
                probe.client.send(bobAgain.id, "last").get(30, TimeUnit.SECONDS);
                Await.until("the probe arrives after them", Duration.ofSeconds(30),
                        () -> bobAgain.texts().contains("last"));
                List<String> received = new ArrayList<>(bobAgain.texts());
                received.remove("last");
                assertThat(received).containsExactlyElementsOf(sent);
            }
        }
    }
}

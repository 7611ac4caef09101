// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.e2e;

import io.switchboard.client.MessageAck;
import io.switchboard.e2e.Users.User;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kill -9} of one node of three while messages flow: every message that got its one check is delivered
 * exactly once, the dead node's clients come back through the survivors, and its shards restart there once the
 * split brain resolver has downed it.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ClusterFailoverIT {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int PAIRS = 4;
    private static final int MESSAGES = 60;

    @TempDir
    static Path dir;
    static PostgresSchema schema;
    static final List<ServerProcess> nodes = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        schema = PostgresSchema.create();
        Path conf = schema.serverConfig(dir);
        int seedPort = freePort();
        for (int i = 0; i < 3; i++) {
            Path data = dir.resolve("node" + i);
            if (i > 0) {
                Files.createDirectories(data);
                Files.copy(dir.resolve("node0").resolve("server.key"), data.resolve("server.key"));
            }
            nodes.add(ServerProcess.start(data, "--store", "postgres", "--jdbc-url", schema.jdbcUrl(),
                    "--config", conf.toString(), "--cluster-seeds", "127.0.0.1:" + seedPort,
                    "--cluster-port", i == 0 ? Integer.toString(seedPort) : "0"));
        }
        for (ServerProcess node : nodes) {
            Await.until("three members up", WAIT,
                    () -> Metrics.of(node).value("switchboard_cluster_members_up").equals("3.0"));
        }
    }

    @AfterAll
    static void stopCluster() throws Exception {
        for (ServerProcess node : nodes) {
            node.close();
        }
        if (schema != null) {
            schema.close();
        }
    }

    @Test
    void killingANodeUnderLoadLosesNoCheckedMessageAndDeliversEachOnce() throws Exception {
        ServerProcess victim = nodes.get(1);
        // Senders live on node 0; recipients on the victim, knowing node 2 and node 0 as the way back.
        try (Users senders = new Users(List.of(nodes.get(0), nodes.get(2)), dir.resolve("senders"), 940);
             Users recipients = new Users(List.of(victim, nodes.get(2), nodes.get(0)), dir.resolve("recipients"),
                     941)) {
            List<User> from = new ArrayList<>();
            List<User> to = new ArrayList<>();
            for (int i = 0; i < PAIRS; i++) {
                from.add(senders.register());
                to.add(recipients.register());
            }

            List<CompletableFuture<MessageAck>> sent = new ArrayList<>();
            long killedAt = 0;
            for (int m = 0; m < MESSAGES; m++) {
                for (int p = 0; p < PAIRS; p++) {
                    sent.add(from.get(p).client.send(to.get(p).id, "pair " + p + " message " + m));
                }
                if (m == MESSAGES / 3) {
                    victim.kill9();
                    killedAt = System.nanoTime();
                }
                Thread.sleep(50);
            }

            CompletableFuture.allOf(sent.toArray(new CompletableFuture[0])).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(sent).as("every message got its one check, retried with its id where the answer was lost")
                    .allMatch(f -> !f.isCompletedExceptionally());
            for (int p = 0; p < PAIRS; p++) {
                User recipient = to.get(p);
                int pair = p;
                Await.until(recipient.id + " has all " + MESSAGES, WAIT,
                        () -> new HashSet<>(recipient.texts()).size() == MESSAGES);
                List<String> texts = recipient.texts();
                assertThat(texts).as("exactly once").doesNotHaveDuplicates().hasSize(MESSAGES)
                        .allMatch(t -> t.startsWith("pair " + pair + " "));
                assertThat(recipient.client.isLoggedIn()).as("back through a surviving node").isTrue();
            }
            long recoveredMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
            System.out.println("cluster failover: every message delivered " + recoveredMillis
                    + " ms after kill -9 of one node of three");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

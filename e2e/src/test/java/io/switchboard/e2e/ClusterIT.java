// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.e2e;

import io.switchboard.client.GroupInfo;
import io.switchboard.client.MessageAck;
import io.switchboard.client.Receipt;
import io.switchboard.e2e.Users.User;
import io.switchboard.testkit.ChildJvm;
import io.switchboard.testkit.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three server processes in one Pekko cluster on one PostgreSQL schema: users connected to different nodes chat
 * 1:1 and in a group, and the receipts find their way back across nodes.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ClusterIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    static TestCluster cluster;
    static List<Users> usersByNode;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = TestCluster.start(dir, 3);
        usersByNode = cluster.usersOnEachNode(dir, 930);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void usersOnDifferentNodesChatAndTheirReceiptsCrossBack() throws Exception {
        User alice = usersByNode.get(0).register();
        User bob = usersByNode.get(1).register();

        MessageAck ack = alice.client.send(bob.id, "hello from node 0").get(WAIT.toSeconds(), TimeUnit.SECONDS);
        Await.until("bob, on node 1, has it", WAIT, () -> bob.texts().contains("hello from node 0"));
        Await.until("alice, on node 0, learns it was delivered", WAIT,
                () -> alice.receiptsOf(Receipt.Type.DELIVERY) == 1);
        bob.client.markRead(alice.id, ack.id()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        Await.until("and that it was read", WAIT, () -> alice.receiptsOf(Receipt.Type.READ) == 1);

        bob.client.send(alice.id, "and back from node 1").get(WAIT.toSeconds(), TimeUnit.SECONDS);
        Await.until("alice has the answer", WAIT, () -> alice.texts().contains("and back from node 1"));
    }

    @Test
    void aGroupSpanningAllThreeNodesReachesEveryMember() throws Exception {
        User admin = usersByNode.get(0).register();
        User second = usersByNode.get(1).register();
        User third = usersByNode.get(2).register();
        GroupInfo group = admin.client.createGroup("Across", List.of(second.id, third.id))
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);

        List<CompletableFuture<MessageAck>> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sent.add(admin.client.sendToGroup(group.id(), "cluster message " + i));
        }
        CompletableFuture.allOf(sent.toArray(new CompletableFuture[0])).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            expected.add("cluster message " + i);
        }
        for (User member : List.of(second, third)) {
            Await.until(member.id + " has all 20, in order", WAIT, () -> member.texts().equals(expected));
        }
        MessageAck last = sent.get(19).join();
        Await.until("the sender learns the last one reached every member", WAIT, () -> admin.receipts.stream()
                .anyMatch(r -> r.group().isPresent() && r.type() == Receipt.Type.DELIVERY
                        && r.id().equals(last.id())));
    }

    @Test
    void adminClusterListsTheThreeMembersAndWhereTheShardsAre() throws Exception {
        usersByNode.get(2).register(); // at least one user entity somewhere
        Process p = ChildJvm.start("cli-admin", List.of("-XX:TieredStopAtLevel=1"),
                "io.switchboard.cli.SwitchboardCommand", List.of("admin", "cluster", "--admin",
                        "127.0.0.1:" + cluster.node(0).adminPort(), "--admin-token", TestCluster.ADMIN_TOKEN),
                builder -> builder.redirectErrorStream(true));
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(text).isZero();
        assertThat(text.lines().filter(l -> l.startsWith("member ") && l.contains("  Up  "))).hasSize(3);
        assertThat(text).contains("User=").contains("unreachable: none");
    }
}

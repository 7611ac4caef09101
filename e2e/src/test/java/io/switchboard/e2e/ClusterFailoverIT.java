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
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cluster of three losing a node while messages flow: killed ({@code kill -9}), restarted one node after the
 * other (SIGTERM, then started again), or frozen (SIGSTOP). Each time every message that got its one check is
 * delivered exactly once, through the nodes that are left.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class ClusterFailoverIT {
    private static final Duration WAIT = TestCluster.WAIT;
    private static final int PAIRS = 4;
    /** Messages that must get their check before a test moves on: the load flows (again) at that point. */
    private static final int PROGRESS = 4 * PAIRS;

    @TempDir
    Path dir;

    @Test
    void killingANodeUnderLoadLosesNoCheckedMessageAndDeliversEachOnce() throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, 3)) {
            // Senders on node 0; recipients on the victim, knowing node 2 and node 0 as the way back.
            Load load = Load.start(cluster, dir, List.of(0, 2), List.of(1, 2, 0));
            load.awaitChecked(PROGRESS);
            long killedAt = System.nanoTime();
            cluster.node(1).kill9();
            load.awaitChecked(PROGRESS);
            load.stopAndCheckEveryCheckedMessageArrivedOnce();
            System.out.println("cluster kill -9: every message delivered "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt) + " ms after the kill");
        }
    }

    @Test
    void aRollingRestartOfEveryNodeUnderLoadLosesNothing() throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, 3)) {
            Load load = Load.start(cluster, dir, List.of(0, 1, 2), List.of(2, 1, 0));
            for (ServerProcess node : cluster.nodes()) {
                load.awaitChecked(PROGRESS);
                assertThat(node.terminate(Duration.ofSeconds(60))).as("a graceful leave exits 0").isZero();
                cluster.restart(node);
                cluster.awaitMembersUp(3);
            }
            load.awaitChecked(PROGRESS);
            load.stopAndCheckEveryCheckedMessageArrivedOnce();
        }
    }

    @Test
    void aFrozenNodeIsDownedAndTheOthersCarryOn() throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, 3)) {
            ServerProcess frozen = cluster.node(1);
            // Both ends on the nodes that stay; the frozen node may hold their entities' shards.
            Load load = Load.start(cluster, dir, List.of(0, 2), List.of(2, 0));
            load.awaitChecked(PROGRESS);
            frozen.freeze();
            try {
                Await.until("the survivors see two members up (the frozen one was downed)", WAIT,
                        () -> Metrics.of(cluster.node(0)).value("switchboard_cluster_members_up").equals("2.0")
                                && Metrics.of(cluster.node(2)).value("switchboard_cluster_members_up")
                                .equals("2.0"));
                load.awaitChecked(PROGRESS);
                load.stopAndCheckEveryCheckedMessageArrivedOnce();
            } finally {
                frozen.thaw();
            }
            Await.until("the thawed node, removed from the cluster, stops", WAIT, () -> !frozen.isRunning());
        }
    }

    /** Pairs sending one message every 50 ms until stopped; senders and recipients homed as given. */
    private static final class Load {
        private final Users senders;
        private final Users recipients;
        private final List<User> from = new ArrayList<>();
        private final List<User> to = new ArrayList<>();
        private final List<CompletableFuture<MessageAck>> sent = new CopyOnWriteArrayList<>();
        private final List<List<String>> texts = new ArrayList<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread sender;

        private Load(Users senders, Users recipients) {
            this.senders = senders;
            this.recipients = recipients;
            this.sender = new Thread(this::send, "load");
        }

        static Load start(TestCluster cluster, Path dir, List<Integer> senderNodes, List<Integer> recipientNodes)
                throws Exception {
            Load load = new Load(
                    new Users(senderNodes.stream().map(cluster::node).toList(), dir.resolve("senders"), 940),
                    new Users(recipientNodes.stream().map(cluster::node).toList(), dir.resolve("recipients"), 941));
            for (int i = 0; i < PAIRS; i++) {
                load.from.add(load.senders.register());
                load.to.add(load.recipients.register());
                load.texts.add(new CopyOnWriteArrayList<>());
            }
            load.sender.start();
            return load;
        }

        private void send() {
            for (int m = 0; running.get(); m++) {
                for (int p = 0; p < PAIRS; p++) {
                    String text = "pair " + p + " message " + m;
                    texts.get(p).add(text);
                    sent.add(from.get(p).client.send(to.get(p).id, text));
                }
                try {
                    Thread.sleep(50); // the load's pace, not a wait for an outcome
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        /** Waits until the next {@code n} messages sent from now on have their check: the cluster carries them. */
        void awaitChecked(int n) {
            int from = sent.size();
            // A copy, not sent.subList: a view of a CopyOnWriteArrayList throws once the sender thread appends.
            Await.until(n + " more messages answered after message " + from, WAIT,
                    () -> sentFrom(from, n).size() == n && sentFrom(from, n).stream().allMatch(Future::isDone));
            assertThat(sentFrom(from, n)).as("each got its check").noneMatch(
                    CompletableFuture::isCompletedExceptionally);
        }

        /** Up to {@code n} messages sent from index {@code from} on, copied so the sender may go on appending. */
        private List<CompletableFuture<MessageAck>> sentFrom(int from, int n) {
            List<CompletableFuture<MessageAck>> copy = List.copyOf(sent);
            return copy.subList(Math.min(from, copy.size()), Math.min(from + n, copy.size()));
        }

        void stopAndCheckEveryCheckedMessageArrivedOnce() throws Exception {
            running.set(false);
            sender.join();
            try {
                CompletableFuture.allOf(sent.toArray(new CompletableFuture[0]))
                        .get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(sent).as("every message got its one check (retried with its id when the answer was"
                        + " lost)").allMatch(f -> !f.isCompletedExceptionally());
                for (int p = 0; p < PAIRS; p++) {
                    User recipient = to.get(p);
                    List<String> expected = texts.get(p);
                    Await.until(recipient.id + " has all " + expected.size(), WAIT,
                            () -> new HashSet<>(recipient.texts()).containsAll(expected));
                    assertThat(recipient.texts()).as("exactly once").doesNotHaveDuplicates()
                            .hasSameSizeAs(expected);
                }
                System.out.println("cluster load: " + sent.size() + " messages checked and delivered once");
            } finally {
                senders.close();
                recipients.close();
            }
        }
    }
}

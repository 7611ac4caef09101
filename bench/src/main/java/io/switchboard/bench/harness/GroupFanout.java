// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.bench.harness;

import io.switchboard.client.GroupNotification;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.protocol.id.GroupId;
import io.switchboard.protocol.id.UserId;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Group fanout through a real server: N logged-in clients in this process, one group of all of them, then
 * <ol>
 *   <li>latency: M messages one at a time from the creator, each timed from just before {@code sendToGroup} to the
 *       last of the N−1 members' {@code onMessage} (and to its ack, the one check);</li>
 *   <li>throughput: S senders each keep W messages in flight (a message leaves the window once every member has
 *       it) for D seconds; member deliveries per second and send-to-last-delivery under that load;</li>
 *   <li>baseline: the same text sent as N−1 separate 1:1 messages, time to the last delivery, against one group
 *       message (the phone uploads once).</li>
 * </ol>
 * Usage: {@code GroupFanout [members=1024] [messages=300] [warmup=50] [seconds=20] [window=16] [senders=1]
 * [baseline=5] [serverJvm=-Xmx2g,-XX:+UseParallelGC]}.
 */
public final class GroupFanout {
    private static final long DEADLINE_SECONDS = 120;

    private final Map<String, String> options;
    private final int members;
    private final FanoutTracker tracker = new FanoutTracker();
    private HarnessClients harness;
    private GroupId group;

    private GroupFanout(Map<String, String> options) {
        this.options = options;
        this.members = option("members", 1024);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            options.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        new GroupFanout(options).run();
        System.exit(0);
    }

    private int option(String name, int otherwise) {
        return options.containsKey(name) ? Integer.parseInt(options.get(name)) : otherwise;
    }

    private void run() throws Exception {
        List<String> serverJvm = Arrays.asList(options.getOrDefault("serverJvm", "-Xmx2g,-XX:+UseParallelGC")
                .split(","));
        Path dir = Files.createTempDirectory("sb-group-fanout");
        try (HarnessClients h = HarnessClients.start(dir, serverJvm)) {
            harness = h;
            System.out.printf("server JVM %s, pid %d%n", serverJvm, h.server.pid());
            long t0 = System.nanoTime();
            h.register(members, 0, 32);
            System.out.printf("registered %d clients in %.1f s%n", members, seconds(System.nanoTime() - t0));
            createGroup();
            latency(option("warmup", 50), option("messages", 300));
            throughput(option("seconds", 20), option("window", 16), option("senders", 1));
            baseline(option("baseline", 5));
            System.out.printf("stray deliveries (redelivered after completion): %d%n", tracker.strays());
        }
    }

    /** Listeners on every client, then one {@code createGroup} of all; returns when every member was told. */
    private void createGroup() throws Exception {
        CountDownLatch told = new CountDownLatch(members - 1);
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < members; i++) {
            int index = i;
            SwitchboardClient client = harness.clients.get(i);
            client.onMessage(m -> tracker.delivered(m.text()));
            client.onReceipt(r -> { });
            client.onGroupNotification(n -> {
                if (index > 0 && n.kind() == GroupNotification.Kind.CREATE && seen.add(index)) {
                    told.countDown();
                }
            });
        }
        long t0 = System.nanoTime();
        List<UserId> others = harness.users.subList(1, members);
        group = harness.clients.get(0).createGroup("fanout", others).get(DEADLINE_SECONDS, TimeUnit.SECONDS).id();
        long created = System.nanoTime();
        if (!told.await(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException(told.getCount() + " members never got the creation notification");
        }
        System.out.printf("group of %d created in %.0f ms; every member told after %.0f ms%n", members,
                (created - t0) / 1e6, (System.nanoTime() - t0) / 1e6);
    }

    /** One message at a time from the creator. */
    private void latency(int warmup, int messages) throws Exception {
        SwitchboardClient sender = harness.clients.get(0);
        Histogram last = new Histogram(3);
        Histogram ack = new Histogram(3);
        CpuClock cpu = null;
        for (int i = -warmup; i < messages; i++) {
            if (i == 0) {
                cpu = new CpuClock(harness.server.pid());
            }
            String text = "latency " + i;
            long t0 = System.nanoTime();
            CompletableFuture<Long> delivered = tracker.expect(text, members - 1);
            long acked = sender.sendToGroup(group, text).thenApply(a -> System.nanoTime() - t0)
                    .get(DEADLINE_SECONDS, TimeUnit.SECONDS);
            long toLast = delivered.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
            if (i >= 0) {
                last.recordValue(toLast / 1000);
                ack.recordValue(acked / 1000);
            }
        }
        System.out.printf("latency phase, one message at a time: %s%n", cpu.report());
        System.out.printf("  send->last delivery ms: p50 %s  p90 %s  p99 %s  max %s%n", ms(last, 50), ms(last, 90),
                ms(last, 99), ms(last.getMaxValue()));
        System.out.printf("  send->ack (one check) ms: p50 %s  p99 %s  max %s%n", ms(ack, 50), ms(ack, 99),
                ms(ack.getMaxValue()));
        System.out.printf("SUMMARY group fanout %d members: send->last delivery p50 %s ms p99 %s ms (%d messages, "
                        + "one at a time); one check p50 %s ms p99 %s ms%n", members, ms(last, 50), ms(last, 99),
                messages, ms(ack, 50), ms(ack, 99));
    }

    /** {@code senders} clients each keep {@code window} messages in flight until every member has them. */
    private void throughput(int seconds, int window, int senders) throws Exception {
        Recorder last = new Recorder(3);
        Recorder ack = new Recorder(3);
        long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        long end = warmupEnd + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            SwitchboardClient sender = harness.clients.get(s);
            String prefix = "load " + s + ":";
            Thread t = new Thread(() -> keepWindow(sender, prefix, window, warmupEnd, end, last, ack),
                    "sender-" + s);
            t.start();
            threads.add(t);
        }
        TimeUnit.NANOSECONDS.sleep(warmupEnd - System.nanoTime());
        last.reset();
        ack.reset();
        CpuClock cpu = new CpuClock(harness.server.pid());
        long before = tracker.deliveries();
        TimeUnit.NANOSECONDS.sleep(end - System.nanoTime());
        long delivered = tracker.deliveries() - before;
        String cpuReport = cpu.report();
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(DEADLINE_SECONDS));
        }
        Histogram l = last.getIntervalHistogram();
        Histogram a = ack.getIntervalHistogram();
        double rate = delivered / (double) seconds;
        System.out.printf("throughput phase, %d sender(s) x window %d, %d s: %s%n", senders, window, seconds,
                cpuReport);
        System.out.printf("  %.0f member deliveries/s = %.0f group messages/s%n", rate, rate / (members - 1));
        System.out.printf("  send->last delivery ms: p50 %s  p90 %s  p99 %s  max %s (%d messages)%n", ms(l, 50),
                ms(l, 90), ms(l, 99), ms(l.getMaxValue()), l.getTotalCount());
        System.out.printf("  send->ack (one check) ms: p50 %s  p99 %s%n", ms(a, 50), ms(a, 99));
        System.out.printf("SUMMARY group fanout %d members: throughput %.0f member deliveries/s at window %d x %d "
                        + "sender(s); send->last delivery p50 %s ms p99 %s ms under load%n", members, rate, window,
                senders, ms(l, 50), ms(l, 99));
    }

    private void keepWindow(SwitchboardClient sender, String prefix, int window, long warmupEnd, long end,
                            Recorder last, Recorder ack) {
        Semaphore inFlight = new Semaphore(window);
        for (long i = 0; System.nanoTime() < end; i++) {
            inFlight.acquireUninterruptibly();
            String text = prefix + i;
            long t0 = System.nanoTime();
            tracker.expect(text, members - 1).whenComplete((nanos, failure) -> {
                inFlight.release();
                if (t0 > warmupEnd) {
                    last.recordValue(nanos / 1000);
                }
            });
            sender.sendToGroup(group, text).whenComplete((ok, failure) -> {
                if (failure == null && t0 > warmupEnd) {
                    ack.recordValue((System.nanoTime() - t0) / 1000);
                }
            });
        }
        // Let what is in flight arrive, so the next phase starts on an idle server.
        inFlight.acquireUninterruptibly(window);
    }

    /** The creator sends the same text as N−1 separate 1:1 messages, then as one group message; median of each. */
    private void baseline(int rounds) throws Exception {
        if (rounds <= 0) {
            return;
        }
        SwitchboardClient sender = harness.clients.get(0);
        List<UserId> others = harness.users.subList(1, members);
        long[] oneToOne = new long[rounds];
        long[] grouped = new long[rounds];
        for (int r = -1; r < rounds; r++) { // round -1 warms the 1:1 path up
            String text = "baseline 1:1 " + r;
            CompletableFuture<Long> delivered = tracker.expect(text, members - 1);
            for (UserId to : others) {
                sender.send(to, text);
            }
            long separate = delivered.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
            String groupText = "baseline group " + r;
            CompletableFuture<Long> groupDelivered = tracker.expect(groupText, members - 1);
            sender.sendToGroup(group, groupText);
            long once = groupDelivered.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
            if (r >= 0) {
                oneToOne[r] = separate;
                grouped[r] = once;
            }
        }
        Arrays.sort(oneToOne);
        Arrays.sort(grouped);
        long separate = oneToOne[rounds / 2];
        long once = grouped[rounds / 2];
        System.out.printf("SUMMARY baseline %d members, median of %d rounds: %d separate 1:1 messages reach the last "
                        + "member after %s ms, one group message after %s ms: %.1fx%n", members, rounds, members - 1,
                ms(separate / 1000), ms(once / 1000), separate / (double) once);
    }

    private static String ms(Histogram h, double percentile) {
        return ms(h.getValueAtPercentile(percentile));
    }

    private static String ms(long micros) {
        return String.format("%.1f", micros / 1000.0);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** CPU time of the server process (from /proc) and of this one, since construction, in cores. */
    private static final class CpuClock {
        private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux
        private final long pid;
        private final long wallStart = System.nanoTime();
        private final double serverStart;
        private final long harnessStart;

        CpuClock(long pid) throws Exception {
            this.pid = pid;
            this.serverStart = serverCpuSeconds();
            this.harnessStart = harnessCpuNanos();
        }

        String report() throws Exception {
            double wall = seconds(System.nanoTime() - wallStart);
            return String.format("server %.2f cores, harness %.2f cores", (serverCpuSeconds() - serverStart) / wall,
                    seconds(harnessCpuNanos() - harnessStart) / wall);
        }

        private double serverCpuSeconds() throws Exception {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[0] is field 3 (state); utime and stime are fields 14 and 15
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        }

        private static long harnessCpuNanos() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }
    }
}

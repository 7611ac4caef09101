// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.loadgen.scenario;

import io.switchboard.client.GroupNotification;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.loadgen.Figures;
import io.switchboard.loadgen.HarnessClients;
import io.switchboard.loadgen.LiveStats;
import io.switchboard.loadgen.Progress;
import io.switchboard.loadgen.Scenario;
import io.switchboard.loadgen.ScenarioResult;
import io.switchboard.loadgen.Target;
import io.switchboard.protocol.id.GroupId;
import io.switchboard.protocol.id.UserId;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Group fanout through a real server: G logged-in clients in this process, one group of all of them, then
 * <ol>
 *   <li>latency: M messages one at a time from the creator, each timed from just before {@code sendToGroup} to the
 *       last of the G−1 members' {@code onMessage} (and to its ack, the one check);</li>
 *   <li>throughput: S senders each keep W messages in flight (a message leaves the window once every member has
 *       it) for D seconds; member deliveries per second and send-to-last-delivery under that load;</li>
 *   <li>baseline (optional): the same text sent as G−1 separate 1:1 messages against one group message, time to
 *       the last delivery (the phone uploads once).</li>
 * </ol>
 * The time series counts member deliveries per second.
 */
public final class GroupScenario implements Scenario {
    private static final long DEADLINE_SECONDS = 120;

    /**
     * @param members  group size, the creator included (2 to 1,024)
     * @param messages latency phase: messages timed one at a time
     * @param warmup   latency phase: messages sent first, not timed
     * @param seconds  throughput phase duration (0 skips it)
     * @param window   throughput phase: messages in flight per sender
     * @param senders  throughput phase: members sending at once
     * @param baseline rounds of the 1:1-versus-group comparison (0 skips it)
     * @param threads  client event loops
     */
    public record Settings(int members, int messages, int warmup, double seconds, int window, int senders,
            int baseline, int threads) {
        public Settings {
            if (members < 2 || members > 1024 || messages < 1 || warmup < 0 || seconds < 0 || window < 1
                    || senders < 1 || senders > members || baseline < 0 || threads < 1) {
                throw new IllegalArgumentException("members must be 2 to 1,024, messages, window and senders "
                        + "positive (senders at most members), warmup, seconds and baseline not negative");
            }
        }
    }

    private final Settings settings;
    private final LiveStats stats = new LiveStats();
    private final FanoutTracker tracker = new FanoutTracker(stats);
    private final Map<String, Object> figures = new LinkedHashMap<>();
    private HarnessClients harness;
    private GroupId group;

    public GroupScenario(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "group";
    }

    @Override
    public Map<String, Object> options() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("members", settings.members());
        o.put("messages", settings.messages());
        o.put("warmup", settings.warmup());
        o.put("seconds", settings.seconds());
        o.put("window", settings.window());
        o.put("senders", settings.senders());
        o.put("baseline", settings.baseline());
        o.put("client-threads", settings.threads());
        return o;
    }

    @Override
    public ScenarioResult run(Target target, Progress progress) throws Exception {
        try (HarnessClients h = HarnessClients.inTempDir(target, settings.threads(), 10_000)) {
            harness = h;
            progress.track(stats, "deliveries/s");
            progress.phase("registering " + settings.members() + " clients", 0);
            long t0 = System.nanoTime();
            h.register(settings.members(), 32, Duration.ofMinutes(30));
            figures.put("members", settings.members());
            figures.put("registration_seconds", Figures.round1((System.nanoTime() - t0) / 1e9));
            progress.phase("creating the group", 0);
            createGroup();
            stats.takePhase();
            Histogram last = latency(progress);
            if (settings.seconds() > 0) {
                throughput(progress);
            }
            if (settings.baseline() > 0) {
                baseline(progress);
            }
            figures.put("stray_deliveries", tracker.strays());
            List<String> notes = List.of("Sender and members live in this process: one clock times send to the last "
                    + "member's onMessage; the members' decrypting, decoding and acking share the machine's cores "
                    + "with the server.");
            return new ScenarioResult(figures, List.of(), stats.samples(), last,
                    "send -> last member's onMessage, one message at a time", "member deliveries/s", notes);
        }
    }

    /** Listeners on every client, then one {@code createGroup} of all; returns when every member was told. */
    private void createGroup() throws Exception {
        int members = settings.members();
        CountDownLatch told = new CountDownLatch(members - 1);
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < members; i++) {
            int index = i;
            SwitchboardClient client = harness.clients().get(i);
            client.onMessage(m -> tracker.delivered(m.text()));
            client.onReceipt(r -> { });
            client.onGroupNotification(n -> {
                if (index > 0 && n.kind() == GroupNotification.Kind.CREATE && seen.add(index)) {
                    told.countDown();
                }
            });
        }
        long t0 = System.nanoTime();
        List<UserId> others = harness.users().subList(1, members);
        group = harness.clients().get(0).createGroup("fanout", others).get(DEADLINE_SECONDS, TimeUnit.SECONDS).id();
        long created = System.nanoTime();
        if (!told.await(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException(told.getCount() + " members never got the creation notification");
        }
        figures.put("create_group_ms", Figures.round1((created - t0) / 1e6));
        figures.put("create_all_told_ms", Figures.round1((System.nanoTime() - t0) / 1e6));
    }

    /** One message at a time from the creator; returns the send-to-last-delivery histogram. */
    private Histogram latency(Progress progress) throws Exception {
        SwitchboardClient sender = harness.clients().get(0);
        Histogram last = new Histogram(3);
        Histogram ack = new Histogram(3);
        progress.phase("latency: " + settings.messages() + " messages one at a time (+" + settings.warmup()
                + " warm-up)", 0);
        for (int i = -settings.warmup(); i < settings.messages(); i++) {
            String text = "latency " + i;
            long t0 = System.nanoTime();
            CompletableFuture<Long> delivered = tracker.expect(text, settings.members() - 1);
            long acked = sender.sendToGroup(group, text).thenApply(a -> System.nanoTime() - t0)
                    .get(DEADLINE_SECONDS, TimeUnit.SECONDS);
            long toLast = delivered.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
            if (i >= 0) {
                last.recordValue(Math.max(1, toLast / 1000));
                ack.recordValue(Math.max(1, acked / 1000));
            }
        }
        stats.takePhase();
        Figures.latency(figures, "last_delivery", last);
        Figures.latency(figures, "ack", ack);
        return last;
    }

    /** {@code senders} clients each keep {@code window} messages in flight until every member has them. */
    private void throughput(Progress progress) throws Exception {
        Recorder last = new Recorder(3);
        long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        long end = warmupEnd + (long) (settings.seconds() * 1e9);
        progress.phase(String.format("throughput: %d sender(s) x window %d", settings.senders(), settings.window()),
                settings.seconds() + 2);
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < settings.senders(); s++) {
            SwitchboardClient sender = harness.clients().get(s);
            String prefix = "load " + s + ":";
            Thread t = new Thread(() -> keepWindow(sender, prefix, warmupEnd, end, last), "group-sender-" + s);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        TimeUnit.NANOSECONDS.sleep(warmupEnd - System.nanoTime());
        last.reset();
        long before = tracker.deliveries();
        TimeUnit.NANOSECONDS.sleep(end - System.nanoTime());
        long delivered = tracker.deliveries() - before;
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(DEADLINE_SECONDS));
        }
        stats.takePhase();
        Histogram l = last.getIntervalHistogram();
        double rate = delivered / settings.seconds();
        figures.put("member_deliveries_per_second", Figures.round1(rate));
        figures.put("group_messages_per_second", Figures.round1(rate / (settings.members() - 1)));
        Figures.latency(figures, "under_load_last_delivery", l);
    }

    private void keepWindow(SwitchboardClient sender, String prefix, long warmupEnd, long end, Recorder last) {
        Semaphore inFlight = new Semaphore(settings.window());
        for (long i = 0; System.nanoTime() < end; i++) {
            inFlight.acquireUninterruptibly();
            String text = prefix + i;
            long t0 = System.nanoTime();
            tracker.expect(text, settings.members() - 1).whenComplete((nanos, failure) -> {
                inFlight.release();
                if (t0 > warmupEnd && nanos != null) {
                    last.recordValue(Math.max(1, nanos / 1000));
                }
            });
            sender.sendToGroup(group, text);
        }
        // Let what is in flight arrive, so the next phase starts on an idle server.
        try {
            inFlight.tryAcquire(settings.window(), DEADLINE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The creator sends the same text as G−1 separate 1:1 messages, then as one group message; median of each. */
    private void baseline(Progress progress) throws Exception {
        int rounds = settings.baseline();
        progress.phase("baseline: " + rounds + " rounds of " + (settings.members() - 1)
                + " separate 1:1 messages against one group message", 0);
        SwitchboardClient sender = harness.clients().get(0);
        List<UserId> others = harness.users().subList(1, settings.members());
        long[] oneToOne = new long[rounds];
        long[] grouped = new long[rounds];
        for (int r = -1; r < rounds; r++) { // round -1 warms the 1:1 path up
            String text = "baseline 1:1 " + r;
            CompletableFuture<Long> delivered = tracker.expect(text, settings.members() - 1);
            for (UserId to : others) {
                sender.send(to, text);
            }
            long separate = delivered.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
            String groupText = "baseline group " + r;
            CompletableFuture<Long> groupDelivered = tracker.expect(groupText, settings.members() - 1);
            sender.sendToGroup(group, groupText);
            long once = groupDelivered.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
            if (r >= 0) {
                oneToOne[r] = separate;
                grouped[r] = once;
            }
        }
        stats.takePhase();
        Arrays.sort(oneToOne);
        Arrays.sort(grouped);
        figures.put("baseline_separate_1to1_last_delivery_ms", Figures.round1(oneToOne[rounds / 2] / 1e6));
        figures.put("baseline_one_group_message_last_delivery_ms", Figures.round1(grouped[rounds / 2] / 1e6));
        figures.put("baseline_speedup", Figures.round1(oneToOne[rounds / 2] / (double) grouped[rounds / 2]));
    }
}

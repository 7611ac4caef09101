// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.loadgen.scenario;

import io.switchboard.client.SwitchboardClient;
import io.switchboard.loadgen.Figures;
import io.switchboard.loadgen.HarnessClients;
import io.switchboard.loadgen.LiveStats;
import io.switchboard.loadgen.Progress;
import io.switchboard.loadgen.Scenario;
import io.switchboard.loadgen.ScenarioResult;
import io.switchboard.loadgen.Target;
import io.switchboard.protocol.id.UserId;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Store and forward: U recipients register and go offline, S senders queue M messages for them (round robin, each
 * acknowledged, i.e. durable), then all recipients log in at once and the scenario measures how fast their
 * mailboxes drain: messages per second until the last one arrives, and the time to it. Deliveries are counted once
 * per message, so a redelivery cannot hide a loss.
 */
public final class OfflineScenario implements Scenario {

    /**
     * @param users    recipients, offline while the messages are queued
     * @param messages messages queued in all
     * @param senders  online senders queueing them
     * @param window   messages in flight per sender while queueing
     * @param timeout  longest wait for the drain, in seconds
     * @param threads  client event loops
     */
    public record Settings(int users, int messages, int senders, int window, double timeout, int threads) {
        public Settings {
            if (users < 1 || messages < 1 || senders < 1 || window < 1 || timeout <= 0 || threads < 1) {
                throw new IllegalArgumentException("users, messages, senders, window, timeout and threads must be "
                        + "positive");
            }
        }
    }

    private final Settings settings;
    private final LiveStats stats = new LiveStats();
    private final AtomicLongArray seen;
    private final LongAdder delivered = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final AtomicLong lastDelivery = new AtomicLong();
    private volatile long drainStart;

    public OfflineScenario(Settings settings) {
        this.settings = settings;
        this.seen = new AtomicLongArray(settings.messages() / 64 + 1);
    }

    @Override
    public String name() {
        return "offline";
    }

    @Override
    public Map<String, Object> options() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("users", settings.users());
        o.put("messages", settings.messages());
        o.put("senders", settings.senders());
        o.put("window", settings.window());
        o.put("timeout", settings.timeout());
        o.put("client-threads", settings.threads());
        return o;
    }

    @Override
    public ScenarioResult run(Target target, Progress progress) throws Exception {
        int users = settings.users();
        Map<String, Object> figures = new LinkedHashMap<>();
        try (HarnessClients harness = HarnessClients.inTempDir(target, settings.threads(),
                Math.max(10_000, settings.window()))) {
            progress.track(stats, "msgs/s");
            progress.phase("registering " + (users + settings.senders()) + " clients", 0);
            harness.register(users + settings.senders(), 32, Duration.ofMinutes(10));
            for (int i = 0; i < users; i++) {
                harness.closeClient(i);
            }
            stats.takePhase();
            progress.phase("queueing " + settings.messages() + " messages for " + users + " offline users", 0);
            long q0 = System.nanoTime();
            queue(harness);
            double queueSeconds = (System.nanoTime() - q0) / 1e9;
            Histogram ackLatency = stats.takePhase();
            figures.put("users", users);
            figures.put("messages", settings.messages());
            figures.put("queue_per_second", Figures.round1(settings.messages() / queueSeconds));
            Figures.latency(figures, "queue_ack", ackLatency);

            progress.phase("logging " + users + " users in and draining", settings.timeout());
            List<SwitchboardClient> recipients = new ArrayList<>();
            for (int i = 0; i < users; i++) {
                SwitchboardClient client = harness.reopen(i);
                client.onMessage(m -> onDelivered(m.text()));
                recipients.add(client);
            }
            drainStart = System.nanoTime();
            List<CompletableFuture<UserId>> logins = new ArrayList<>();
            for (SwitchboardClient client : recipients) {
                logins.add(client.login());
            }
            CompletableFuture.allOf(logins.toArray(new CompletableFuture[0]))
                    .get((long) settings.timeout(), TimeUnit.SECONDS);
            double loginSeconds = (System.nanoTime() - drainStart) / 1e9;
            long end = drainStart + (long) (settings.timeout() * 1e9);
            while (delivered.sum() < settings.messages() && System.nanoTime() < end) {
                Thread.sleep(10);
            }
            Histogram drain = stats.takePhase();
            long got = delivered.sum();
            double toLast = (lastDelivery.get() - drainStart) / 1e9;
            figures.put("delivered", got);
            figures.put("lost", settings.messages() - got);
            figures.put("duplicates", duplicates.sum());
            figures.put("all_logged_in_seconds", Figures.round1(loginSeconds * 1000) / 1000);
            figures.put("time_to_last_seconds", Math.round(toLast * 1000) / 1000.0);
            figures.put("drain_per_second", Figures.round1(got / Math.max(1e-9, toLast)));
            Figures.latency(figures, "delivery_after_login_start", drain);
            return new ScenarioResult(figures, List.of(), stats.samples(), drain,
                    "login start -> message's onMessage", "msgs/s (queue acks, then deliveries)",
                    List.of("Time to last and drain rate count from the moment all " + users
                            + " clients start logging in (a full Noise handshake each) to the last message's "
                            + "onMessage."));
        }
    }

    /** Each sender sends its share round robin over the recipients, {@code window} unacknowledged at most. */
    private void queue(HarnessClients harness) throws Exception {
        int users = settings.users();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int s = 0; s < settings.senders(); s++) {
            SwitchboardClient sender = harness.clients().get(users + s);
            sender.onReceipt(r -> { });
            int first = s;
            Thread t = new Thread(() -> {
                Semaphore window = new Semaphore(settings.window());
                for (int n = first; n < settings.messages(); n += settings.senders()) {
                    window.acquireUninterruptibly();
                    UserId to = harness.users().get(n % users);
                    long t0 = System.nanoTime();
                    sender.send(to, Integer.toString(n)).whenComplete((ack, failure) -> {
                        window.release();
                        if (failure != null) {
                            failures.add(failure);
                        } else {
                            stats.record((System.nanoTime() - t0) / 1000);
                        }
                    });
                }
                window.acquireUninterruptibly(settings.window());
            }, "offline-sender-" + s);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join(TimeUnit.MINUTES.toMillis(10));
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException(failures.size() + " messages were not acknowledged; first: "
                    + failures.get(0));
        }
    }

    private void onDelivered(String text) {
        long now = System.nanoTime();
        int n;
        try {
            n = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return;
        }
        if (n < 0 || n >= settings.messages()) {
            return;
        }
        long bit = 1L << (n & 63);
        long old;
        do {
            old = seen.get(n >>> 6);
            if ((old & bit) != 0) {
                duplicates.increment();
                return;
            }
        } while (!seen.compareAndSet(n >>> 6, old, old | bit));
        delivered.increment();
        lastDelivery.accumulateAndGet(now, Math::max);
        stats.record((now - drainStart) / 1000);
    }
}

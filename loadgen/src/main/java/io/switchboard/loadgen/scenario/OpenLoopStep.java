// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.loadgen.scenario;

import io.switchboard.client.SwitchboardClient;
import io.switchboard.loadgen.Figures;
import io.switchboard.loadgen.LiveStats;
import io.switchboard.protocol.id.UserId;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * One open-loop step of the 1:1 scenario: {@code rate × seconds} messages, each with a due time fixed in advance,
 * sent by one scheduling thread that parks until the next due time and, when it wakes late, sends everything
 * overdue at once (with the due times it had). Deliveries are counted once per sequence number, so a redelivery
 * shows as a duplicate and cannot hide a loss. Thread-safe: acks and deliveries arrive on the clients' event loops.
 */
final class OpenLoopStep {
    private static final long MAX_MICROS = 3_600_000_000L;

    private final int index;
    private final double rate;
    private final double seconds;
    private final long count;
    private final LiveStats stats;
    private final AtomicLongArray seen;
    private final LongAdder delivered = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder acked = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final AtomicLong lastDelivery = new AtomicLong();
    private final Recorder ackLatency = new Recorder(1, MAX_MICROS, 3);
    private long start;
    private long sendEnd;

    /** What a step measured. */
    record Outcome(double offeredRate, Map<String, Object> figures, Map<String, Object> row, Histogram e2e,
            long lost, double deliveredPerSecond) {
    }

    OpenLoopStep(int index, double rate, double seconds, LiveStats stats) {
        this.index = index;
        this.rate = rate;
        this.seconds = seconds;
        this.count = Math.max(1, Math.round(rate * seconds));
        this.stats = stats;
        this.seen = new AtomicLongArray((int) (count / 64 + 1));
    }

    /** Sends the step's messages on their schedule; returns when the last is handed to its client. */
    void send(List<SwitchboardClient> senders, List<UserId> recipients) {
        int pairs = senders.size();
        double interval = 1e9 / rate;
        start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
        for (long n = 0; n < count; n++) {
            long due = start + (long) (n * interval);
            for (long now = System.nanoTime(); now < due; now = System.nanoTime()) {
                LockSupport.parkNanos(due - now);
            }
            int pair = (int) (n % pairs);
            senders.get(pair).send(recipients.get(pair), index + ":" + n + ":" + due)
                    .whenComplete((ack, failure) -> onAck(due, failure));
        }
        sendEnd = System.nanoTime();
    }

    private void onAck(long due, Throwable failure) {
        if (failure == null) {
            acked.increment();
            ackLatency.recordValue(Math.max(1, Math.min((System.nanoTime() - due) / 1000, MAX_MICROS)));
            return;
        }
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof RejectedExecutionException) {
            refused.increment(); // the client's outbox is full: the server is not keeping up
        } else {
            failed.increment();
        }
    }

    /** A recipient got message {@code sequence}, due at {@code due}. */
    void delivered(long sequence, long due) {
        long now = System.nanoTime();
        if (sequence < 0 || sequence >= count) {
            return;
        }
        int word = (int) (sequence >>> 6);
        long bit = 1L << (sequence & 63);
        long old;
        do {
            old = seen.get(word);
            if ((old & bit) != 0) {
                duplicates.increment();
                return;
            }
        } while (!seen.compareAndSet(word, old, old | bit));
        delivered.increment();
        lastDelivery.accumulateAndGet(now, Math::max);
        stats.record((now - due) / 1000);
    }

    /** Waits until every message is delivered, refused or failed, at most {@code limit}. */
    void drain(Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end && delivered.sum() + refused.sum() + failed.sum() < count) {
            Thread.sleep(10);
        }
        // Let acks that trail their deliveries come in, so one-check figures cover the step.
        long ackEnd = Math.min(end, System.nanoTime() + TimeUnit.SECONDS.toNanos(1));
        while (System.nanoTime() < ackEnd && acked.sum() + refused.sum() + failed.sum() < count) {
            Thread.sleep(10);
        }
    }

    /** The figures, given the step's end-to-end latencies (from its {@link LiveStats} phase). */
    Outcome outcome(Histogram e2e) {
        long got = delivered.sum();
        long lost = count - got;
        double span = Math.max(seconds, (Math.max(lastDelivery.get(), sendEnd) - start) / 1e9);
        double deliveredPerSecond = got / span;
        Histogram ack = ackLatency.getIntervalHistogram();
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("offered_rate_per_second", Figures.round1(rate));
        f.put("duration_seconds", seconds);
        f.put("due", count);
        f.put("delivered", got);
        f.put("delivered_per_second", Figures.round1(deliveredPerSecond));
        f.put("lost", lost);
        f.put("refused_outbox_full", refused.sum());
        f.put("failed", failed.sum());
        f.put("duplicates", duplicates.sum());
        f.put("scheduler_lag_ms", Figures.round1((sendEnd - start - (count - 1) * (1e9 / rate)) / 1e6));
        Figures.latency(f, "e2e", e2e);
        Figures.latency(f, "ack", ack);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("offered_per_second", Figures.round1(rate));
        row.put("delivered_per_second", Figures.round1(deliveredPerSecond));
        row.put("lost", lost);
        row.put("e2e_p50_ms", Figures.ms(e2e.getValueAtPercentile(50)));
        row.put("e2e_p99_ms", Figures.ms(e2e.getValueAtPercentile(99)));
        row.put("e2e_max_ms", Figures.ms(e2e.getMaxValue()));
        row.put("ack_p99_ms", Figures.ms(ack.getValueAtPercentile(99)));
        return new Outcome(rate, f, row, e2e, lost, deliveredPerSecond);
    }
}

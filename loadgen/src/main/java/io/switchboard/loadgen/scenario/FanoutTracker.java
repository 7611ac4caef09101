// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.loadgen.scenario;

import io.switchboard.loadgen.LiveStats;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Messages on their way to many recipients, keyed by their text (unique per run): each completes, with the
 * nanoseconds from send to its last delivery, once its expected number of recipients got it. Every recipient
 * listener of the run calls {@link #delivered}; sender and recipients live in this process, so one clock times both.
 * Every delivery is counted in the run's {@link LiveStats}, and every completed message's send-to-last-delivery
 * latency recorded there. Thread-safe: listeners run on the clients' event loops.
 */
final class FanoutTracker {

    private static final class Pending {
        final long sentAt;
        final AtomicInteger remaining;
        final CompletableFuture<Long> last = new CompletableFuture<>();

        Pending(long sentAt, int recipients) {
            this.sentAt = sentAt;
            this.remaining = new AtomicInteger(recipients);
        }
    }

    private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();
    private final LongAdder deliveries = new LongAdder();
    private final LongAdder strays = new LongAdder();
    private final LiveStats stats;

    FanoutTracker(LiveStats stats) {
        this.stats = stats;
    }

    /**
     * Starts tracking {@code text}, sent now to {@code recipients}; call just before sending.
     *
     * @return completes with send-to-last-delivery in nanoseconds
     */
    CompletableFuture<Long> expect(String text, int recipients) {
        Pending p = new Pending(System.nanoTime(), recipients);
        if (pending.putIfAbsent(text, p) != null) {
            throw new IllegalArgumentException("text sent twice: " + text);
        }
        return p.last;
    }

    /** One recipient got {@code text}. */
    void delivered(String text) {
        long now = System.nanoTime();
        deliveries.increment();
        stats.count();
        Pending p = pending.get(text);
        if (p == null) {
            strays.increment(); // a redelivery after the message completed, or a message of no phase
            return;
        }
        if (p.remaining.decrementAndGet() == 0) {
            pending.remove(text);
            stats.latencyOnly((now - p.sentAt) / 1000);
            p.last.complete(now - p.sentAt);
        }
    }

    /** Member deliveries so far, of every tracked message. */
    long deliveries() {
        return deliveries.sum();
    }

    /** Deliveries of texts not (or no longer) tracked: redeliveries would show here. */
    long strays() {
        return strays.sum();
    }
}

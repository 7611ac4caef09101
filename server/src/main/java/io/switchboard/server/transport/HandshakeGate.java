// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.transport;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Admission control for Noise handshakes, one per listener: at most {@code maxInFlight} connections handshake at
 * once and the rest wait, in arrival order, up to {@code maxQueued}; past that a connection is refused at once.
 *
 * <p>Why: a handshake costs the server four X25519 operations and two round trips. When every client of a
 * restarted node reconnects in the same second, an unbounded number of handshakes share the CPU, each takes as
 * long as all of them together, and most pass their timeout and are retried, so the work is done again and the
 * storm lasts minutes. With a bound, each admitted handshake finishes in milliseconds and the rest wait without
 * cost (their bytes stay in the kernel; the handshake timeout starts at admission).
 *
 * <p>A connection that closes while waiting keeps its place (and counts as queued) until its turn, when it is
 * skipped at no cost. Thread-safe and lock-free. A waiting connection is admitted by whichever thread frees a slot; the
 * {@link Ticket} then moves to its own event loop.
 */
public final class HandshakeGate {

    /** A connection waiting for, or holding, a slot. */
    interface Ticket {
        /** Called once a slot is held for this connection; it must {@link #release()} it exactly once. */
        void admit();
    }

    private final int maxInFlight;
    private final int maxQueued;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger queued = new AtomicInteger();
    private final Queue<Ticket> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicLong refused = new AtomicLong();

    public HandshakeGate(int maxInFlight, int maxQueued) {
        if (maxInFlight < 1 || maxQueued < 0) {
            throw new IllegalArgumentException("need maxInFlight >= 1 and maxQueued >= 0, were " + maxInFlight
                    + " and " + maxQueued);
        }
        this.maxInFlight = maxInFlight;
        this.maxQueued = maxQueued;
    }

    /**
     * Admits {@code ticket} now if a slot is free, else queues it.
     *
     * @return false if the queue is full: the caller must refuse the connection, and holds no slot
     */
    boolean arrive(Ticket ticket) {
        if (tryAcquire()) {
            ticket.admit();
            return true;
        }
        if (queued.incrementAndGet() > maxQueued) {
            queued.decrementAndGet();
            refused.incrementAndGet();
            return false;
        }
        waiting.add(ticket);
        // A slot freed between the failed acquire and the add would otherwise wait for the next release.
        drain();
        return true;
    }

    /** Frees the slot an admitted ticket held and admits the next waiting one, if any. */
    void release() {
        inFlight.decrementAndGet();
        drain();
    }

    /** Handshakes holding a slot now. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Connections waiting for a slot now. */
    public int queued() {
        return queued.get();
    }

    /** Connections refused so far because the queue was full. */
    public long refused() {
        return refused.get();
    }

    private void drain() {
        while (!waiting.isEmpty() && tryAcquire()) {
            Ticket next = waiting.poll();
            if (next == null) {
                inFlight.decrementAndGet();
                // Another thread took the last one; it may have left a slot free for a later arrival.
                if (waiting.isEmpty()) {
                    return;
                }
                continue;
            }
            queued.decrementAndGet();
            next.admit();
        }
    }

    private boolean tryAcquire() {
        while (true) {
            int now = inFlight.get();
            if (now >= maxInFlight) {
                return false;
            }
            if (inFlight.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }
}

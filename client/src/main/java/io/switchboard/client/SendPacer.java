// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

/**
 * Paces the outbox once the server has said "too fast" (429 with {@code retry-after}, PROTOCOL.md §11.3): nothing
 * is sent until the hint has passed, and then only a window of unacked stanzas, halved at each 429 and grown by one
 * at each ack, like TCP's congestion window. Without the window, every queued message would be resent at each
 * hint and refused again, so a long outbox would cost the server quadratic work. Unthrottled, it lets everything
 * through. Not thread-safe: confined to the client's event loop.
 */
final class SendPacer {
    /** Acks that grow the window back to this many in flight end the throttling. */
    static final int UNTHROTTLED_AT = 1_024;

    private long pausedUntilNanos;
    private int window = Integer.MAX_VALUE;

    /** The server refused a stanza for its rate, with {@code inFlight} unacked; wait {@code retryAfterMillis}. */
    void onRateLimited(long retryAfterMillis, int inFlight, long nowNanos) {
        pausedUntilNanos = Math.max(pausedUntilNanos, nowNanos + retryAfterMillis * 1_000_000);
        window = Math.max(1, Math.min(window, inFlight) / 2);
    }

    /** A stanza was accepted. */
    void onAccepted() {
        if (window != Integer.MAX_VALUE && ++window >= UNTHROTTLED_AT) {
            window = Integer.MAX_VALUE;
        }
    }

    /** Whether one more stanza may go now, with {@code inFlight} already unacked. */
    boolean allows(int inFlight, long nowNanos) {
        return nowNanos - pausedUntilNanos >= 0 && inFlight < window;
    }

    /** Whether sends are paced (a 429 came and the window has not grown back). */
    boolean throttled() {
        return window != Integer.MAX_VALUE;
    }

    /** Nanoseconds until the pause ends; 0 if it has. */
    long pauseLeftNanos(long nowNanos) {
        return Math.max(0, pausedUntilNanos - nowNanos);
    }
}

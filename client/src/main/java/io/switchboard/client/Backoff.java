// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Delays between reconnect attempts: exponential (the ceiling doubles per failed attempt from {@code initial} up to
 * {@code max}) with jitter (each delay is drawn uniformly from the upper half of the ceiling). The jitter keeps a
 * server restart from being met by every client reconnecting in the same instant; the lower bound keeps a client
 * from retrying in a tight loop. Not thread-safe: confine it to the client's event loop.
 */
public final class Backoff {
    private final long initialMillis;
    private final long maxMillis;
    private final RandomGenerator random;
    private int failures;

    /**
     * @throws IllegalArgumentException if {@code initial} is not positive or {@code max} is below it
     */
    public Backoff(Duration initial, Duration max, RandomGenerator random) {
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
        this.random = Objects.requireNonNull(random, "random");
        if (initialMillis <= 0 || maxMillis < initialMillis) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, was " + initial + ", " + max);
        }
    }

    /** The delay before the next attempt; each call counts one more failed attempt. */
    public Duration next() {
        long ceiling = ceilingMillis(failures);
        failures++;
        long floor = ceiling / 2;
        return Duration.ofMillis(floor + random.nextLong(ceiling - floor + 1));
    }

    /** Back to the initial delay, after a successful connection. */
    public void reset() {
        failures = 0;
    }

    /** Failed attempts since the last reset. */
    public int failures() {
        return failures;
    }

    private long ceilingMillis(int n) {
        // Shift only while it cannot overflow; past the cap it stays the cap.
        if (n >= 62 || initialMillis << n > maxMillis || initialMillis << n <= 0) {
            return maxMillis;
        }
        return initialMillis << n;
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.log;

import org.slf4j.Logger;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * At most one INFO line per {@code interval} for one kind of event, naming how many were suppressed since the
 * last line. A hostile client can cause an expected refusal hundreds of times a second (an unknown key, a silent
 * connection); one line each would fill the disk and bury everything else, none at all would hide the attack.
 * Thread-safe and lock-free: the first caller after the interval writes the line.
 */
public final class RateLimitedLog {
    private final Logger logger;
    private final long intervalNanos;
    private final LongSupplier clock;
    private final AtomicLong nextAllowed;
    private final AtomicLong suppressed = new AtomicLong();

    public RateLimitedLog(Logger logger, long intervalMillis) {
        this(logger, intervalMillis, System::nanoTime);
    }

    RateLimitedLog(Logger logger, long intervalMillis, LongSupplier clock) {
        this.logger = logger;
        this.intervalNanos = intervalMillis * 1_000_000L;
        this.clock = clock;
        this.nextAllowed = new AtomicLong(clock.getAsLong());
    }

    /** Logs {@code format} with {@code args} at INFO if the interval has passed, else counts it as suppressed. */
    public void info(String format, Object... args) {
        if (!logger.isInfoEnabled()) {
            return;
        }
        long now = clock.getAsLong();
        long next = nextAllowed.get();
        if (now - next >= 0 && nextAllowed.compareAndSet(next, now + intervalNanos)) {
            long skipped = suppressed.getAndSet(0);
            logger.info(skipped == 0 ? format : format + " (and " + skipped + " more like it suppressed)", args);
        } else {
            suppressed.incrementAndGet();
        }
    }
}

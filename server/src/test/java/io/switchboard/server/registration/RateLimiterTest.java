// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.registration;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimiterTest {

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-11-28T12:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void allowsTheLimitPerWindowThenSaysHowLongToWait() {
        ManualClock clock = new ManualClock();
        RateLimiter<String> limiter = new RateLimiter<>(3, Duration.ofHours(1), 100, clock);
        assertThat(limiter.tryAcquire("+1555")).isZero();
        assertThat(limiter.tryAcquire("+1555")).isZero();
        assertThat(limiter.tryAcquire("+1555")).isZero();
        assertThat(limiter.tryAcquire("+1555")).isEqualTo(3600);
        assertThat(limiter.tryAcquire("+1666")).as("other keys are counted apart").isZero();
        clock.now = clock.now.plus(Duration.ofMinutes(61));
        assertThat(limiter.tryAcquire("+1555")).as("the window slid past the first three").isZero();
    }

    @Test
    void forgetsTheLeastRecentlyUsedKeysPastItsBound() {
        ManualClock clock = new ManualClock();
        RateLimiter<Integer> limiter = new RateLimiter<>(1, Duration.ofHours(1), 10, clock);
        for (int key = 0; key < 1000; key++) {
            assertThat(limiter.tryAcquire(key)).isZero();
        }
        assertThat(limiter.tryAcquire(999)).isPositive();
        assertThat(limiter.tryAcquire(0)).as("evicted long ago").isZero();
    }
}

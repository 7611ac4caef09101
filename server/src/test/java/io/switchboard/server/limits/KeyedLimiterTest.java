// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.limits;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class KeyedLimiterTest {
    private final ManualClock clock = new ManualClock();

    @Test
    void letsTheBurstThroughAtOnceThenSaysHowLongToWait() {
        KeyedLimiter<String> limiter = new KeyedLimiter<>(new Rate(50, 200), 1_000, clock);
        for (int i = 0; i < 200; i++) {
            assertThat(limiter.tryAcquire("alice")).as("request %d of the burst", i).isZero();
        }
        assertThat(limiter.tryAcquire("alice")).as("one token comes back every 20 ms").isEqualTo(20);
    }

    @Test
    void refillsAtTheRateAndNeverPastTheBurst() {
        KeyedLimiter<String> limiter = new KeyedLimiter<>(new Rate(10, 5), 1_000, clock);
        drain(limiter, "alice", 5);
        clock.advance(Duration.ofMillis(300));
        drain(limiter, "alice", 3);
        assertThat(limiter.tryAcquire("alice")).isEqualTo(100);
        clock.advance(Duration.ofHours(1));
        drain(limiter, "alice", 5);
        assertThat(limiter.tryAcquire("alice")).as("an hour's rest refills the burst, not more").isPositive();
    }

    @Test
    void aRefusedRequestTakesNothing() {
        KeyedLimiter<String> limiter = new KeyedLimiter<>(new Rate(1, 1), 1_000, clock);
        assertThat(limiter.tryAcquire("alice")).isZero();
        assertThat(limiter.tryAcquire("alice")).isEqualTo(1_000);
        clock.advance(Duration.ofMillis(400));
        assertThat(limiter.tryAcquire("alice")).isEqualTo(600);
        clock.advance(Duration.ofMillis(600));
        assertThat(limiter.tryAcquire("alice")).as("the refusals did not push the next token back").isZero();
    }

    @Test
    void keysHaveBucketsOfTheirOwn() {
        KeyedLimiter<String> limiter = new KeyedLimiter<>(new Rate(1, 2), 1_000, clock);
        drain(limiter, "alice", 2);
        assertThat(limiter.tryAcquire("alice")).isPositive();
        assertThat(limiter.tryAcquire("bob")).isZero();
    }

    @Test
    void hourlyRatesWaitMinutes() {
        KeyedLimiter<String> limiter = new KeyedLimiter<>(Rate.of(3, Duration.ofHours(1)), 1_000, clock);
        drain(limiter, "+15550001", 3);
        assertThat(limiter.tryAcquire("+15550001")).isEqualTo(Duration.ofMinutes(20).toMillis());
    }

    @Test
    void aClockThatGoesBackAddsNoTokens() {
        KeyedLimiter<String> limiter = new KeyedLimiter<>(new Rate(1, 1), 1_000, clock);
        assertThat(limiter.tryAcquire("alice")).isZero();
        clock.advance(Duration.ofHours(-1));
        assertThat(limiter.tryAcquire("alice")).isPositive();
    }

    @Test
    void forgetsTheLeastRecentlyUsedKeysPastItsBound() {
        KeyedLimiter<Integer> limiter = new KeyedLimiter<>(new Rate(1, 1), 64, clock);
        for (int key = 0; key < 10_000; key++) {
            limiter.tryAcquire(key);
        }
        assertThat(limiter.size()).isLessThanOrEqualTo(64);
    }

    @Test
    void aBucketFromTheStoreContinuesWhereItStopped() {
        Rate rate = new Rate(2, 4);
        long now = clock.millis();
        TokenBucket.Taken taken = new TokenBucket(0.5, now).take(rate, now);
        assertThat(taken.allowed()).isFalse();
        assertThat(taken.waitMillis()).isEqualTo(250);
        assertThat(taken.bucket().fullAt(rate)).isEqualTo(now + 1_750);
        assertThat(new TokenBucket(0.5, now).take(rate, now + 250).allowed()).isTrue();
    }

    private static <K> void drain(KeyedLimiter<K> limiter, K key, int times) {
        for (int i = 0; i < times; i++) {
            assertThat(limiter.tryAcquire(key)).as("request %d", i).isZero();
        }
    }
}

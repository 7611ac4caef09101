// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(3), new SplittableRandom(7));

    @Test
    void delaysDoubleWithinTheUpperHalfOfTheirCeiling() {
        long ceiling = 100;
        for (int attempt = 0; attempt < 5; attempt++) {
            assertThat(backoff.next().toMillis()).as("attempt %d", attempt).isBetween(ceiling / 2, ceiling);
            ceiling *= 2;
        }
    }

    @Test
    void delaysStopGrowingAtTheMaximum() {
        for (int i = 0; i < 100; i++) {
            backoff.next();
        }
        assertThat(backoff.next().toMillis()).isBetween(1500L, 3000L);
    }

    @Test
    void resetStartsOverFromTheInitialDelay() {
        for (int i = 0; i < 10; i++) {
            backoff.next();
        }
        backoff.reset();
        assertThat(backoff.failures()).isZero();
        assertThat(backoff.next().toMillis()).isBetween(50L, 100L);
    }

    @Test
    void jitterSpreadsClientsApart() {
        Backoff other = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(3), new SplittableRandom(8));
        boolean differ = false;
        for (int i = 0; i < 5; i++) {
            differ |= !backoff.next().equals(other.next());
        }
        assertThat(differ).isTrue();
    }

    @Test
    void maximumBelowInitialIsRefused() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), new SplittableRandom()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

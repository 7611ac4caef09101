// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SendPacerTest {
    private static final long MS = 1_000_000;

    @Test
    void unthrottledItLetsEverythingThrough() {
        SendPacer pacer = new SendPacer();
        assertThat(pacer.allows(100_000, 0)).isTrue();
        assertThat(pacer.throttled()).isFalse();
    }

    @Test
    void aRateLimitPausesUntilTheHintThenAllowsHalfOfWhatWasInFlight() {
        SendPacer pacer = new SendPacer();
        pacer.onRateLimited(20, 200, 0);
        assertThat(pacer.allows(0, 19 * MS)).as("before the hint").isFalse();
        assertThat(pacer.allows(99, 20 * MS)).isTrue();
        assertThat(pacer.allows(100, 20 * MS)).as("the window is half of 200").isFalse();
    }

    @Test
    void acksGrowTheWindowBackUntilThrottlingEnds() {
        SendPacer pacer = new SendPacer();
        pacer.onRateLimited(1, 4, 0);
        assertThat(pacer.allows(2, MS)).isFalse();
        pacer.onAccepted();
        assertThat(pacer.allows(2, MS)).isTrue();
        for (int i = 0; i < SendPacer.UNTHROTTLED_AT; i++) {
            pacer.onAccepted();
        }
        assertThat(pacer.throttled()).isFalse();
    }

    @Test
    void repeatedRefusalsShrinkTheWindowToOneButNotToNothing() {
        SendPacer pacer = new SendPacer();
        for (int i = 0; i < 40; i++) {
            pacer.onRateLimited(1, 1_000, 0);
        }
        assertThat(pacer.allows(0, MS)).isTrue();
        assertThat(pacer.allows(1, MS)).isFalse();
    }
}

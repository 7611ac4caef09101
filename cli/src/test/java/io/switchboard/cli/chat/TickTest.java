// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli.chat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TickTest {

    @Test
    void aMessageMovesFromClockToOneCheckToTwoToRead() {
        Tick tick = Tick.PENDING;
        tick = tick.advance(Tick.SENT);
        assertThat(tick).isEqualTo(Tick.SENT);
        tick = tick.advance(Tick.DELIVERED);
        assertThat(tick).isEqualTo(Tick.DELIVERED);
        assertThat(tick.advance(Tick.READ)).isEqualTo(Tick.READ);
    }

    @Test
    void aLateAckOrAnOldReceiptNeverTurnsChecksBack() {
        assertThat(Tick.READ.advance(Tick.SENT)).isEqualTo(Tick.READ);
        assertThat(Tick.READ.advance(Tick.DELIVERED)).isEqualTo(Tick.READ);
        assertThat(Tick.DELIVERED.advance(Tick.PENDING)).isEqualTo(Tick.DELIVERED);
    }

    @Test
    void aReadReceiptThatOvertakesTheAckStillShowsRead() {
        assertThat(Tick.PENDING.advance(Tick.READ).advance(Tick.SENT)).isEqualTo(Tick.READ);
    }

    @Test
    void onlyAnUnsentMessageCanFailAndAFailedOneStaysFailed() {
        assertThat(Tick.PENDING.advance(Tick.FAILED)).isEqualTo(Tick.FAILED);
        assertThat(Tick.SENT.advance(Tick.FAILED)).isEqualTo(Tick.SENT);
        assertThat(Tick.FAILED.advance(Tick.DELIVERED)).isEqualTo(Tick.FAILED);
    }

    @Test
    void everyTickSurvivesItsStoredCode() {
        for (Tick tick : Tick.values()) {
            assertThat(Tick.fromCode(tick.code())).isEqualTo(tick);
        }
    }
}

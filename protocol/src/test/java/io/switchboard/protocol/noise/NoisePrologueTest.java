// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The prologue is the 4-byte connection header, so version mismatches fail the handshake. */
class NoisePrologueTest {
    @Test
    void isTheConnectionHeaderMagicThenBothVersions() {
        // 'S' 'B', protocol version 1, dictionary version 1
        assertThat(NoisePrologue.of(1, 1)).containsExactly(0x53, 0x42, 0x01, 0x01);
        assertThat(NoisePrologue.of(2, 255)).containsExactly(0x53, 0x42, 0x02, 0xff);
        assertThat(NoisePrologue.of(1, 1)).hasSize(NoisePrologue.LENGTH);
    }

    @Test
    void rejectsVersionsThatDoNotFitInAByte() {
        assertThatThrownBy(() -> NoisePrologue.of(256, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NoisePrologue.of(1, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}

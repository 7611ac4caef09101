// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.frame;

import io.switchboard.protocol.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectionHeaderTest {

    @Test
    void currentHeaderIsMagicThenVersions() {
        // 'S' 'B', protocol version 1, dictionary version 1
        assertThat(ConnectionHeader.CURRENT.toBytes()).containsExactly(0x53, 0x42, 0x01, 0x01);
    }

    @Test
    void currentHeaderIsAccepted() throws Exception {
        assertThat(ConnectionHeader.accept(ConnectionHeader.CURRENT.toBytes())).isEqualTo(ConnectionHeader.CURRENT);
    }

    @Test
    void otherProtocolVersionIsRefusedNamingBoth() {
        assertThatThrownBy(() -> ConnectionHeader.accept(new byte[] {'S', 'B', 2, 1}))
                .isInstanceOf(UnsupportedVersionException.class)
                .hasMessage("protocol version 2 is not supported; this end speaks 1")
                .extracting(e -> ((UnsupportedVersionException) e).code()).isEqualTo(ErrorCode.UNSUPPORTED_VERSION);
    }

    @Test
    void otherDictionaryVersionIsRefused() {
        assertThatThrownBy(() -> ConnectionHeader.accept(new byte[] {'S', 'B', 1, 9}))
                .isInstanceOf(UnsupportedVersionException.class)
                .hasMessage("token dictionary version 9 is not supported; this end speaks 1");
    }

    @Test
    void streamWithoutMagicIsNotSwitchboard() {
        assertThatThrownBy(() -> ConnectionHeader.accept("GET ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                .isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("must start with 'SB'");
    }
}

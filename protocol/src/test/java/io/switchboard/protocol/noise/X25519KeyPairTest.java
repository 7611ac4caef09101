// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Key pairs are immutable values that never print their private key. */
class X25519KeyPairTest {
    private final byte[] privateKey = filled(1);
    private final byte[] publicKey = filled(2);

    @Test
    void neitherTheCallerNorAReaderCanChangeTheKeys() {
        X25519KeyPair pair = new X25519KeyPair(privateKey, publicKey);
        privateKey[0] = 9;
        pair.privateKey()[1] = 9;
        pair.publicKey()[0] = 9;
        assertThat(pair.privateKey()).isEqualTo(filled(1));
        assertThat(pair.publicKey()).isEqualTo(filled(2));
    }

    @Test
    void equalsComparesContents() {
        assertThat(new X25519KeyPair(filled(1), filled(2))).isEqualTo(new X25519KeyPair(filled(1), filled(2)))
                .hasSameHashCodeAs(new X25519KeyPair(filled(1), filled(2)))
                .isNotEqualTo(new X25519KeyPair(filled(3), filled(2)));
    }

    @Test
    void toStringShowsOnlyThePublicKey() {
        String text = new X25519KeyPair(privateKey, publicKey).toString();
        assertThat(text).contains(HexFormat.of().formatHex(publicKey))
                .doesNotContain(HexFormat.of().formatHex(privateKey));
    }

    @Test
    void rejectsKeysOfTheWrongLength() {
        assertThatThrownBy(() -> new X25519KeyPair(new byte[31], publicKey))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new X25519KeyPair(privateKey, new byte[33]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] filled(int value) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) value);
        return key;
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The AESGCM cipher state on its own: nonce layout, pass-through without a key, failures and exhaustion. */
class CipherStateTest {
    private static final byte[] AD = {1, 2, 3};
    private static final byte[] KEY =
            HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    @Test
    void withoutKeyDataPassesThroughUnchanged() throws Exception {
        CipherState empty = new CipherState();
        assertThat(empty.encryptWithAd(AD, new byte[] {4, 5})).containsExactly(4, 5);
        assertThat(empty.decryptWithAd(AD, new byte[] {6})).containsExactly(6);
    }

    @Test
    void eachOperationAdvancesTheNonceByOne() throws Exception {
        CipherState sender = new CipherState(KEY);
        CipherState receiver = new CipherState(KEY);
        receiver.decryptWithAd(AD, sender.encryptWithAd(AD, new byte[] {1}));
        receiver.decryptWithAd(AD, sender.encryptWithAd(AD, new byte[] {2}));
        assertThat(sender.nonce()).isEqualTo(2);
        assertThat(receiver.nonce()).isEqualTo(2);
    }

    @Test
    void nonceIsFourZeroBytesThenTheCounterBigEndian() throws Exception {
        // Noise's AESGCM rule; ChaChaPoly puts the counter little-endian, so a mix-up would fail every vector.
        CipherState sender = new CipherState(KEY);
        sender.setNonce(0x0102030405060708L);
        byte[] ciphertext = sender.encryptWithAd(AD, new byte[] {42});

        Cipher reference = Cipher.getInstance("AES/GCM/NoPadding");
        reference.init(Cipher.DECRYPT_MODE, new SecretKeySpec(KEY, "AES"),
                new GCMParameterSpec(128, HexFormat.of().parseHex("000000000102030405060708")));
        reference.updateAAD(AD);
        assertThat(reference.doFinal(ciphertext)).containsExactly(42);
    }

    @Test
    void wrongAssociatedDataFailsDecryption() throws Exception {
        byte[] ciphertext = new CipherState(KEY).encryptWithAd(AD, new byte[] {1});
        assertThatThrownBy(() -> new CipherState(KEY).decryptWithAd(new byte[] {9}, ciphertext))
                .isInstanceOf(DecryptFailedException.class);
    }

    @Test
    void failedDecryptionLeavesTheNonceWhereItWas() {
        CipherState receiver = new CipherState(KEY);
        assertThatThrownBy(() -> receiver.decryptWithAd(AD, new byte[20])).isInstanceOf(DecryptFailedException.class);
        assertThatThrownBy(() -> receiver.decryptWithAd(AD, new byte[3])).isInstanceOf(DecryptFailedException.class);
        assertThat(receiver.nonce()).isZero();
    }

    @Test
    void lastUsableNonceIsTwoToTheSixtyFourMinusTwo() throws Exception {
        CipherState sender = new CipherState(KEY);
        CipherState receiver = new CipherState(KEY);
        sender.setNonce(-2L);
        receiver.setNonce(-2L);
        assertThat(receiver.decryptWithAd(AD, sender.encryptWithAd(AD, new byte[] {7}))).containsExactly(7);

        assertThatThrownBy(() -> sender.encryptWithAd(AD, new byte[] {8}))
                .isInstanceOf(NonceExhaustedException.class);
        assertThatThrownBy(() -> receiver.decryptWithAd(AD, new byte[32]))
                .isInstanceOf(NonceExhaustedException.class);
    }

    @Test
    void sameKeyAndNonceTwiceOnOneThreadStillEncrypts() throws Exception {
        // Two connections replaying one deterministic vector: the JDK refuses to re-init an engine with the same
        // key and IV, so the cache must hand out a fresh engine rather than fail.
        byte[] first = new CipherState(KEY).encryptWithAd(AD, new byte[] {1});
        byte[] second = new CipherState(KEY).encryptWithAd(AD, new byte[] {1});
        assertThat(second).isEqualTo(first);
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.keys;

import io.switchboard.server.store.SignedPreKey;
import org.junit.jupiter.api.Test;
import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.InvalidKeyException;
import org.signal.libsignal.protocol.ecc.ECKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyType;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The key formats of PROTOCOL.md §14.1, as a client in another language must produce them: the type bytes and
 * lengths libsignal serialises, which bytes the identity key signs (the whole serialised key, type byte included), and
 * that the signature is XEdDSA: a plain Ed25519 verification (here the JDK's, not libsignal's) accepts it once the
 * identity key's X25519 u-coordinate is mapped to its Edwards point, with the sign bit the signature carries.
 */
class KeyFormatsTest {

    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));

    private final IdentityKeyPair identity = IdentityKeyPair.generate();

    @Test
    void identityAndEcPrekeysAreTypeByte05ThenThe32ByteX25519Key() {
        byte[] serialized = identity.getPublicKey().serialize();
        assertThat(serialized).hasSize(33);
        assertThat(serialized[0]).isEqualTo((byte) 0x05);
        assertThat(Arrays.copyOfRange(serialized, 1, 33))
                .isEqualTo(identity.getPublicKey().getPublicKey().getPublicKeyBytes());
        assertThat(ECKeyPair.generate().getPublicKey().serialize()).hasSize(33).startsWith((byte) 0x05);
    }

    @Test
    void kyberPrekeysAreTypeByte08ThenThe1568ByteKyber1024Key() throws Exception {
        byte[] kyber = KEMKeyPair.generate(KEMKeyType.KYBER_1024).getPublicKey().serialize();
        assertThat(kyber).hasSize(1569).startsWith((byte) 0x08);
    }

    @Test
    void aPrekeySignatureIsAnEd25519SignatureOverTheWholeSerializedKeyUnderTheConvertedIdentityKey()
            throws Exception {
        byte[] signedPrekey = ECKeyPair.generate().getPublicKey().serialize();
        byte[] kyber = KEMKeyPair.generate(KEMKeyType.KYBER_1024).getPublicKey().serialize();
        for (byte[] key : new byte[][] {signedPrekey, kyber}) {
            byte[] signature = identity.getPrivateKey().calculateSignature(key);
            assertThat(signature).hasSize(64);
            assertThat(ed25519Verifies(identity.getPublicKey(), key, signature)).isTrue();
            assertThat(ed25519Verifies(identity.getPublicKey(), Arrays.copyOfRange(key, 1, key.length), signature))
                    .as("the type byte is part of what is signed").isFalse();
        }
    }

    @Test
    void theServerRefusesASignatureMadeOverTheKeyWithoutItsTypeByte() throws Exception {
        byte[] kyber = KEMKeyPair.generate(KEMKeyType.KYBER_1024).getPublicKey().serialize();
        byte[] wrong = identity.getPrivateKey().calculateSignature(Arrays.copyOfRange(kyber, 1, kyber.length));
        byte[] right = identity.getPrivateKey().calculateSignature(kyber);
        IdentityKey id = KeySignatures.identity(identity.getPublicKey().serialize());
        KeySignatures.checkSignedKyber(id, new SignedPreKey(2, kyber, right));
        assertThatThrownBy(() -> KeySignatures.checkSignedKyber(id, new SignedPreKey(2, kyber, wrong)))
                .isInstanceOf(InvalidKeyException.class).hasMessageContaining("does not verify");
    }

    /**
     * XEdDSA verification with a stock Ed25519 verifier: Edwards y = (u − 1) / (u + 1) mod p from the X25519 key's
     * u; the x sign bit is the top bit of signature byte 63 (libsignal stores it there; a signer that follows the
     * XEdDSA paper always leaves it 0), and is cleared before the check.
     */
    private static boolean ed25519Verifies(IdentityKey identityKey, byte[] message, byte[] signature)
            throws Exception {
        byte[] uLittleEndian = identityKey.getPublicKey().getPublicKeyBytes();
        BigInteger u = new BigInteger(1, reversed(uLittleEndian)).mod(P);
        BigInteger y = u.subtract(BigInteger.ONE).multiply(u.add(BigInteger.ONE).modInverse(P)).mod(P);
        boolean xOdd = (signature[63] & 0x80) != 0;
        PublicKey edKey = KeyFactory.getInstance("Ed25519")
                .generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519, new EdECPoint(xOdd, y)));
        byte[] plain = signature.clone();
        plain[63] &= 0x7F;
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(edKey);
        verifier.update(message);
        return verifier.verify(plain);
    }

    private static byte[] reversed(byte[] bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[bytes.length - 1 - i];
        }
        return out;
    }
}

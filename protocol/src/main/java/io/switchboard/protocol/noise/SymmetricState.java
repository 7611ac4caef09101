// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.noise;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Noise SymmetricState for SHA256 (revision 34, section 5.2): the chaining key {@code ck}, the handshake hash
 * {@code h} and the handshake's {@link CipherState}. HKDF is the spec's two- or three-output HMAC-SHA256
 * construction. Not thread-safe; lives only during a handshake.
 */
final class SymmetricState {
    static final int HASH_LENGTH = 32;

    private final CipherState cipher = new CipherState();
    private byte[] chainingKey;
    private byte[] hash;

    /** InitializeSymmetric(protocolName). */
    SymmetricState(String protocolName) {
        byte[] name = protocolName.getBytes(StandardCharsets.US_ASCII);
        if (name.length <= HASH_LENGTH) {
            hash = new byte[HASH_LENGTH];
            System.arraycopy(name, 0, hash, 0, name.length);
        } else {
            hash = sha256(name);
        }
        chainingKey = hash.clone();
    }

    void mixKey(byte[] inputKeyMaterial) {
        byte[][] out = hkdf(chainingKey, inputKeyMaterial, 2);
        chainingKey = out[0];
        // HASHLEN is 32, so temp_k needs no truncation for AESGCM.
        cipher.initializeKey(out[1]);
    }

    void mixHash(byte[] data) {
        MessageDigest digest = JcaCache.sha256();
        digest.reset();
        digest.update(hash);
        digest.update(data);
        hash = digest.digest();
    }

    boolean hasKey() {
        return cipher.hasKey();
    }

    byte[] encryptAndHash(byte[] plaintext) throws NonceExhaustedException {
        byte[] ciphertext = cipher.encryptWithAd(hash, plaintext);
        mixHash(ciphertext);
        return ciphertext;
    }

    byte[] decryptAndHash(byte[] ciphertext) throws DecryptFailedException, NonceExhaustedException {
        byte[] plaintext = cipher.decryptWithAd(hash, ciphertext);
        mixHash(ciphertext);
        return plaintext;
    }

    /** Split(): the initiator's sending and the responder's sending cipher states, in that order. */
    CipherState[] split() {
        byte[][] out = hkdf(chainingKey, new byte[0], 2);
        return new CipherState[] {new CipherState(out[0]), new CipherState(out[1])};
    }

    byte[] handshakeHash() {
        return hash.clone();
    }

    /** HKDF(chaining_key, input_key_material, num_outputs) from the spec, section 4.3. */
    static byte[][] hkdf(byte[] chainingKey, byte[] inputKeyMaterial, int outputs) {
        byte[] tempKey = hmac(chainingKey, inputKeyMaterial);
        byte[][] out = new byte[outputs][];
        byte[] previous = new byte[0];
        for (int i = 0; i < outputs; i++) {
            byte[] input = new byte[previous.length + 1];
            System.arraycopy(previous, 0, input, 0, previous.length);
            input[previous.length] = (byte) (i + 1);
            out[i] = hmac(tempKey, input);
            previous = out[i];
        }
        return out;
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        Mac mac = JcaCache.hmacSha256();
        try {
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            // Keys here are always 32-byte hashes, which HMAC accepts.
            throw new IllegalStateException("HMAC-SHA256 rejected a 32-byte key", e);
        }
        return mac.doFinal(data);
    }

    private static byte[] sha256(byte[] data) {
        MessageDigest digest = JcaCache.sha256();
        digest.reset();
        return digest.digest(data);
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.noise;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A Noise CipherState for AESGCM: a 32-byte key {@code k} (or none yet) and a 64-bit nonce {@code n}, treated as
 * unsigned. Not thread-safe: one connection's direction, confined to its event loop.
 *
 * <p>Memory: only the key and a {@code long} stay resident; the AES-GCM engine is borrowed per operation from
 * {@link JcaCache} (a resident {@code Cipher} would cost ~800 bytes per direction per connection).
 *
 * <p>Guarantees: the nonce is 4 zero bytes then {@code n} big-endian (the Noise AESGCM rule); it increases by one
 * per successful operation and never repeats; {@code n = 2^64-1} is reserved, so at that point every operation
 * throws {@link NonceExhaustedException}. A failed decryption leaves {@code n} unchanged. Noise's 65535-byte message
 * limit is not enforced here: Switchboard lifts it for transport messages (AES-GCM has no such limit) and bounds
 * handshake messages in {@link HandshakeState}.
 */
final class CipherState {
    static final int TAG_LENGTH = 16;
    static final int KEY_LENGTH = 32;
    private static final long RESERVED_NONCE = -1L; // 2^64-1 as an unsigned long

    private byte[] key;
    private long nonce;

    /** A cipher state with no key: encryption and decryption pass data through (handshake before any DH). */
    CipherState() {
    }

    CipherState(byte[] key) {
        initializeKey(key);
    }

    void initializeKey(byte[] newKey) {
        if (newKey.length != KEY_LENGTH) {
            throw new IllegalArgumentException("key must be " + KEY_LENGTH + " bytes");
        }
        key = newKey.clone();
        nonce = 0;
    }

    boolean hasKey() {
        return key != null;
    }

    /** Test-only: jump the nonce, for example to 2^64-2 to reach exhaustion. */
    void setNonce(long n) {
        nonce = n;
    }

    long nonce() {
        return nonce;
    }

    byte[] encryptWithAd(byte[] ad, byte[] plaintext) throws NonceExhaustedException {
        if (key == null) {
            return plaintext.clone();
        }
        checkNonce();
        byte[] ciphertext;
        try {
            ciphertext = encrypt(JcaCache.aesGcm(), ad, plaintext);
        } catch (InvalidAlgorithmParameterException reusedKeyAndNonce) {
            // The borrowed engine last encrypted under this very key and nonce for someone else (a replayed test
            // vector); a fresh engine has no such memory. A connection's own nonces never repeat.
            ciphertext = encryptOrFail(JcaCache.freshAesGcm(), ad, plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
        nonce++;
        return ciphertext;
    }

    byte[] decryptWithAd(byte[] ad, byte[] ciphertext) throws DecryptFailedException, NonceExhaustedException {
        if (key == null) {
            return ciphertext.clone();
        }
        checkNonce();
        if (ciphertext.length < TAG_LENGTH) {
            throw new DecryptFailedException("ciphertext of " + ciphertext.length + " bytes is shorter than its tag");
        }
        byte[] plaintext;
        try {
            Cipher cipher = JcaCache.aesGcm();
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), iv());
            cipher.updateAAD(ad);
            plaintext = cipher.doFinal(ciphertext);
        } catch (AEADBadTagException e) {
            throw new DecryptFailedException("ciphertext failed authentication");
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new DecryptFailedException("ciphertext could not be decrypted", e);
        }
        nonce++;
        return plaintext;
    }

    private byte[] encrypt(Cipher cipher, byte[] ad, byte[] plaintext) throws GeneralSecurityException {
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), iv());
        cipher.updateAAD(ad);
        return cipher.doFinal(plaintext);
    }

    private byte[] encryptOrFail(Cipher cipher, byte[] ad, byte[] plaintext) {
        try {
            return encrypt(cipher, ad, plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    private void checkNonce() throws NonceExhaustedException {
        if (nonce == RESERVED_NONCE) {
            throw new NonceExhaustedException("cipher state used all 2^64-1 nonces");
        }
    }

    private GCMParameterSpec iv() {
        byte[] iv = new byte[12];
        long n = nonce;
        for (int i = 11; i >= 4; i--) {
            iv[i] = (byte) n;
            n >>>= 8;
        }
        return new GCMParameterSpec(TAG_LENGTH * 8, iv);
    }
}

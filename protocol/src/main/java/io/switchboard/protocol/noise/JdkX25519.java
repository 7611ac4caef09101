// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.noise;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import javax.crypto.KeyAgreement;

/**
 * X25519 on the JDK's XDH provider (SunEC), for builds that must stay JDK-only. Stateless apart from its
 * thread-safe {@link SecureRandom}; JCA engines are borrowed per thread from {@link JcaCache}.
 *
 * <p>About five times slower than libsignal's native X25519 (see ARCHITECTURE.md), so servers and clients plug in
 * {@code io.switchboard.crypto.SignalX25519} instead.
 */
public final class JdkX25519 implements X25519 {
    private static final byte[] BASE_POINT = basePoint();
    private static final BigInteger FIELD_PRIME = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));

    private final SecureRandom random;

    public JdkX25519() {
        this(new SecureRandom());
    }

    public JdkX25519(SecureRandom random) {
        this.random = random;
    }

    @Override
    public X25519KeyPair generateKeyPair() {
        // Random bytes are a valid private key (clamping is part of X25519), and deriving the public key costs
        // the same scalar multiplication a KeyPairGenerator would, without unpacking its key objects.
        byte[] privateKey = new byte[KEY_LENGTH];
        random.nextBytes(privateKey);
        return keyPair(privateKey);
    }

    @Override
    public byte[] publicKey(byte[] privateKey) {
        X25519.checkPrivateKey(privateKey);
        try {
            return dh(privateKey, BASE_POINT);
        } catch (HandshakeFailedException e) {
            // The base point has order l, so no private key maps it to zero.
            throw new IllegalStateException("X25519 of the base point failed", e);
        }
    }

    @Override
    public byte[] dh(byte[] privateKey, byte[] peerPublicKey) throws HandshakeFailedException {
        X25519.checkPrivateKey(privateKey);
        X25519.checkPeerKey(peerPublicKey);
        byte[] secret;
        try {
            KeyFactory keys = JcaCache.xdhKeys();
            PrivateKey ours = keys.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, privateKey));
            PublicKey theirs = keys.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, u(peerPublicKey)));
            KeyAgreement agreement = JcaCache.xdh();
            agreement.init(ours);
            agreement.doPhase(theirs, true);
            secret = agreement.generateSecret();
        } catch (GeneralSecurityException | RuntimeException e) {
            // SunEC reports a low-order point itself (as an exception); anything it rejects is the peer's fault.
            throw new HandshakeFailedException("X25519 rejected the peer public key", e);
        }
        return X25519.checkSharedSecret(secret);
    }

    /**
     * The u-coordinate of a public key: little-endian, top bit masked, and non-canonical values (p to 2^255-1)
     * reduced mod p, as RFC 7748 section 5 requires, so this accepts exactly what the native implementation does.
     */
    private static BigInteger u(byte[] publicKey) {
        byte[] bigEndian = new byte[KEY_LENGTH];
        for (int i = 0; i < KEY_LENGTH; i++) {
            bigEndian[i] = publicKey[KEY_LENGTH - 1 - i];
        }
        bigEndian[0] &= 0x7f;
        return new BigInteger(1, bigEndian).mod(FIELD_PRIME);
    }

    private static byte[] basePoint() {
        byte[] nine = new byte[KEY_LENGTH];
        nine[0] = 9;
        return nine;
    }
}

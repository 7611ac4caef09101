// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.crypto;

import io.switchboard.protocol.noise.HandshakeFailedException;
import io.switchboard.protocol.noise.X25519;
import io.switchboard.protocol.noise.X25519KeyPair;
import org.signal.libsignal.protocol.InvalidKeyException;
import org.signal.libsignal.protocol.ecc.ECPrivateKey;
import org.signal.libsignal.protocol.ecc.ECPublicKey;

/**
 * X25519 on Signal's libsignal (Rust, through JNI): about five times faster than the JDK's, which is what the
 * server's login rate and the client's connect time depend on. Stateless and thread-safe.
 *
 * <p>Every call wraps raw bytes in short-lived libsignal key objects; their native memory is released by
 * libsignal's finalizer-based cleanup when they become unreachable, so nothing here needs closing. Inputs libsignal
 * rejects, and low-order peer keys (which it computes without complaint, yielding zeros), become
 * {@link HandshakeFailedException}, exactly as {@link io.switchboard.protocol.noise.JdkX25519} does.
 */
public final class SignalX25519 implements X25519 {
    @Override
    public X25519KeyPair generateKeyPair() {
        ECPrivateKey privateKey = ECPrivateKey.generate();
        return new X25519KeyPair(privateKey.serialize(), privateKey.publicKey().getPublicKeyBytes());
    }

    @Override
    public byte[] publicKey(byte[] privateKey) {
        return privateKey(privateKey).publicKey().getPublicKeyBytes();
    }

    @Override
    public byte[] dh(byte[] privateKey, byte[] peerPublicKey) throws HandshakeFailedException {
        ECPrivateKey ours = privateKey(privateKey);
        X25519.checkPeerKey(peerPublicKey);
        byte[] secret;
        try {
            secret = ours.calculateAgreement(ECPublicKey.fromPublicKeyBytes(peerPublicKey));
        } catch (InvalidKeyException | RuntimeException e) {
            throw new HandshakeFailedException("libsignal rejected the peer public key", e);
        }
        return X25519.checkSharedSecret(secret);
    }

    private static ECPrivateKey privateKey(byte[] privateKey) {
        X25519.checkPrivateKey(privateKey);
        try {
            return new ECPrivateKey(privateKey);
        } catch (InvalidKeyException e) {
            // Any 32 bytes are an X25519 private key; libsignal refusing one is a bug, not bad input.
            throw new IllegalArgumentException("libsignal rejected a 32-byte private key", e);
        }
    }
}

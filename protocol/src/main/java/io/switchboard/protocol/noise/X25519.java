// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.noise;

/**
 * X25519 Diffie-Hellman (RFC 7748) on raw 32-byte keys, the only elliptic-curve operation the Noise handshake needs.
 *
 * <p>Kept this small so the handshake can run on the JDK ({@link JdkX25519}) in {@code protocol} and on a native
 * implementation (libsignal's, in {@code crypto}) in the server and the client, where the login rate depends on
 * it. Implementations are stateless and thread-safe. Private keys are any 32 bytes (clamping is part of the
 * function); public keys are little-endian u-coordinates whose top bit is ignored.
 */
public interface X25519 {
    /** Length in bytes of private keys, public keys and shared secrets. */
    int KEY_LENGTH = 32;

    /** A fresh key pair from a cryptographically strong random source. */
    X25519KeyPair generateKeyPair();

    /**
     * The public key of {@code privateKey}: X25519(privateKey, 9).
     *
     * @throws IllegalArgumentException if {@code privateKey} is not 32 bytes (a local key, so a programming error)
     */
    byte[] publicKey(byte[] privateKey);

    /**
     * The shared secret X25519(privateKey, peerPublicKey).
     *
     * @throws HandshakeFailedException if the peer key is not 32 bytes, or is a low-order point (the result would
     *     be all zeros, so the peer could force a known secret)
     * @throws IllegalArgumentException if {@code privateKey} is not 32 bytes
     */
    byte[] dh(byte[] privateKey, byte[] peerPublicKey) throws HandshakeFailedException;

    /** The key pair whose private key is {@code privateKey}. */
    default X25519KeyPair keyPair(byte[] privateKey) {
        return new X25519KeyPair(privateKey, publicKey(privateKey));
    }

    /**
     * Checks the peer key length and the contributory behaviour of a computed secret, so every implementation
     * rejects the same inputs with the same exception.
     */
    static byte[] checkSharedSecret(byte[] secret) throws HandshakeFailedException {
        int bits = 0;
        for (byte b : secret) {
            bits |= b;
        }
        if (bits == 0) {
            throw new HandshakeFailedException("peer public key is a low-order point");
        }
        return secret;
    }

    /** Rejects a peer key of the wrong length before it reaches an implementation. */
    static void checkPeerKey(byte[] peerPublicKey) throws HandshakeFailedException {
        if (peerPublicKey == null || peerPublicKey.length != KEY_LENGTH) {
            throw new HandshakeFailedException("peer public key must be " + KEY_LENGTH + " bytes");
        }
    }

    /** Rejects a local private key of the wrong length. */
    static void checkPrivateKey(byte[] privateKey) {
        if (privateKey == null || privateKey.length != KEY_LENGTH) {
            throw new IllegalArgumentException("private key must be " + KEY_LENGTH + " bytes");
        }
    }
}

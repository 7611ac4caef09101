// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.noise;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An X25519 key pair as raw 32-byte arrays. Immutable: the constructor and the accessors copy, so no caller can
 * change a key another holds. {@link #toString()} never prints the private key.
 *
 * <p>The pair is not checked for consistency (that would cost a scalar multiplication); build it from
 * {@link X25519#generateKeyPair()} or {@link X25519#keyPair(byte[])}.
 */
public record X25519KeyPair(byte[] privateKey, byte[] publicKey) {
    public X25519KeyPair {
        if (privateKey == null || privateKey.length != X25519.KEY_LENGTH) {
            throw new IllegalArgumentException("private key must be " + X25519.KEY_LENGTH + " bytes");
        }
        if (publicKey == null || publicKey.length != X25519.KEY_LENGTH) {
            throw new IllegalArgumentException("public key must be " + X25519.KEY_LENGTH + " bytes");
        }
        privateKey = privateKey.clone();
        publicKey = publicKey.clone();
    }

    /** A copy of the private key. */
    @Override
    public byte[] privateKey() {
        return privateKey.clone();
    }

    /** A copy of the public key. */
    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        // Constant time on the private key: equality must not become a timing oracle.
        return o instanceof X25519KeyPair other
                && MessageDigest.isEqual(privateKey, other.privateKey)
                && Arrays.equals(publicKey, other.publicKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return "X25519KeyPair[publicKey=" + HexFormat.of().formatHex(publicKey) + "]";
    }
}

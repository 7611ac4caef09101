// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.keys;

import io.switchboard.server.store.SignedPreKey;
import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.InvalidKeyException;
import org.signal.libsignal.protocol.ecc.ECPublicKey;
import org.signal.libsignal.protocol.kem.KEMPublicKey;

/**
 * Checks uploaded keys with libsignal: each parses as the key it claims to be, and each signed one carries the
 * identity key's XEdDSA signature over its serialized form, exactly what a client's PQXDH will check later. A key
 * the server accepted therefore never fails a sender's session setup for a bad signature.
 */
final class KeySignatures {

    private KeySignatures() {
    }

    /** The identity key in {@code bytes}; throws with a sentence when it is not one. */
    static IdentityKey identity(byte[] bytes) throws InvalidKeyException {
        return new IdentityKey(bytes);
    }

    static void checkEc(SignedPreKey key) throws InvalidKeyException {
        new ECPublicKey(key.publicKey());
    }

    static void checkSignedEc(IdentityKey identity, SignedPreKey key) throws InvalidKeyException {
        checkEc(key);
        checkSignature(identity, key, "signed prekey");
    }

    static void checkSignedKyber(IdentityKey identity, SignedPreKey key) throws InvalidKeyException {
        new KEMPublicKey(key.publicKey());
        checkSignature(identity, key, "Kyber prekey");
    }

    private static void checkSignature(IdentityKey identity, SignedPreKey key, String what)
            throws InvalidKeyException {
        if (!identity.getPublicKey().verifySignature(key.publicKey(), key.signature())) {
            throw new InvalidKeyException("the signature of " + what + " " + key.id()
                    + " does not verify against the identity key");
        }
    }
}

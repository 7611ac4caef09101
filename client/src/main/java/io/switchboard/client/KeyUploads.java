// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import io.switchboard.protocol.node.Node;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.ecc.ECKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyType;
import org.signal.libsignal.protocol.state.KyberPreKeyRecord;
import org.signal.libsignal.protocol.state.PreKeyRecord;
import org.signal.libsignal.protocol.state.SignedPreKeyRecord;

/**
 * Makes the keys this device publishes (PROTOCOL.md §14.2): the private halves go into the {@link SignalStore}
 * first, then the public halves into the {@code <keys>} node of an upload, so a key the server hands out is always
 * one this device can use. Confined to the client's event loop.
 */
final class KeyUploads {

    /** One-time keys of each kind per upload; the server takes up to 100 and tells us below 10. */
    static final int BATCH = 50;

    private final SignalStore store;

    KeyUploads(SignalStore store) {
        this.store = store;
    }

    /** Identity, a fresh signed prekey and last-resort Kyber key, and a batch of one-time keys. */
    Node registration() {
        IdentityKeyPair identity = store.getIdentityKeyPair();
        long now = System.currentTimeMillis();
        int signedId = store.nextId("signed");
        ECKeyPair signedPair = ECKeyPair.generate();
        byte[] signature = identity.getPrivateKey().calculateSignature(signedPair.getPublicKey().serialize());
        store.storeSignedPreKey(signedId, new SignedPreKeyRecord(signedId, now, signedPair, signature));
        int lastResortId = store.nextId("kyber");
        KyberPreKeyRecord lastResort = kyber(lastResortId, identity, now);
        store.storeLastResortKyberPreKey(lastResortId, lastResort);
        return Node.builder("keys").attr("registration-id", Integer.toString(store.getLocalRegistrationId()))
                .child(Node.builder("identity").bytes(identity.getPublicKey().serialize()))
                .child(signed("signed-prekey", signedId, signedPair.getPublicKey().serialize(), signature))
                .child(signed("kyber", lastResortId, publicKey(lastResort), lastResort.getSignature()))
                .child(oneTimeKeys(BATCH)).build();
    }

    /** A batch of one-time keys of each kind. */
    Node topUp() {
        return Node.builder("keys").child(oneTimeKeys(BATCH)).build();
    }

    private Node oneTimeKeys(int n) {
        IdentityKeyPair identity = store.getIdentityKeyPair();
        long now = System.currentTimeMillis();
        Node.Builder prekeys = Node.builder("prekeys");
        for (int i = 0; i < n; i++) {
            int id = store.nextId("ec");
            ECKeyPair pair = ECKeyPair.generate();
            store.storePreKey(id, new PreKeyRecord(id, pair));
            prekeys.child(Node.builder("prekey").attr("id", Integer.toString(id)).bytes(pair.getPublicKey()
                    .serialize()));
        }
        for (int i = 0; i < n; i++) {
            int id = store.nextId("kyber");
            KyberPreKeyRecord record = kyber(id, identity, now);
            store.storeKyberPreKey(id, record);
            prekeys.child(signed("kyber-prekey", id, publicKey(record), record.getSignature()));
        }
        return prekeys.build();
    }

    private static KyberPreKeyRecord kyber(int id, IdentityKeyPair identity, long now) {
        KEMKeyPair pair = KEMKeyPair.generate(KEMKeyType.KYBER_1024);
        byte[] signature = identity.getPrivateKey().calculateSignature(pair.getPublicKey().serialize());
        return new KyberPreKeyRecord(id, now, pair, signature);
    }

    private static byte[] publicKey(KyberPreKeyRecord record) {
        try {
            return record.getKeyPair().getPublicKey().serialize();
        } catch (org.signal.libsignal.protocol.InvalidKeyException e) {
            throw new IllegalStateException("a Kyber key just made does not read back", e);
        }
    }

    private static Node signed(String tag, int id, byte[] key, byte[] signature) {
        return Node.builder(tag).attr("id", Integer.toString(id)).child(Node.builder("key").bytes(key))
                .child(Node.builder("signature").bytes(signature)).build();
    }
}

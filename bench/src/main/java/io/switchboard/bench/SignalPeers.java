// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.bench;

import java.nio.charset.StandardCharsets;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.SessionBuilder;
import org.signal.libsignal.protocol.SessionCipher;
import org.signal.libsignal.protocol.SignalProtocolAddress;
import org.signal.libsignal.protocol.ecc.ECKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyType;
import org.signal.libsignal.protocol.message.CiphertextMessage;
import org.signal.libsignal.protocol.message.PreKeySignalMessage;
import org.signal.libsignal.protocol.state.KyberPreKeyRecord;
import org.signal.libsignal.protocol.state.PreKeyBundle;
import org.signal.libsignal.protocol.state.PreKeyRecord;
import org.signal.libsignal.protocol.state.SignedPreKeyRecord;
import org.signal.libsignal.protocol.state.impl.InMemorySignalProtocolStore;

/**
 * Two libsignal devices on in-memory stores, as the SDK sets them up (PROTOCOL.md §14): Bob publishes an identity,
 * a signed prekey, a signed Kyber-1024 prekey and a one-time EC prekey; Alice starts a session from that bundle.
 * The plaintext is the SDK's for "hello": a type byte, then the UTF-8 text.
 */
final class SignalPeers {
    static final SignalProtocolAddress ALICE = new SignalProtocolAddress("15551230001@s.switchboard", 1);
    static final SignalProtocolAddress BOB = new SignalProtocolAddress("15551230002@s.switchboard", 1);
    static final byte[] HELLO = plaintext("hello");

    record Pair(InMemorySignalProtocolStore alice, InMemorySignalProtocolStore bob, CiphertextMessage first) {
    }

    private SignalPeers() {
    }

    static byte[] plaintext(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[utf8.length + 1];
        out[0] = 1;
        System.arraycopy(utf8, 0, out, 1, utf8.length);
        return out;
    }

    /** Alice and Bob after Alice's first message (a prekey message) reached Bob and Bob answered once. */
    static Pair pairWithSession() throws Exception {
        InMemorySignalProtocolStore alice = new InMemorySignalProtocolStore(IdentityKeyPair.generate(), 1001);
        InMemorySignalProtocolStore bob = new InMemorySignalProtocolStore(IdentityKeyPair.generate(), 2002);
        new SessionBuilder(alice, BOB).process(publish(bob));
        CiphertextMessage first = new SessionCipher(alice, BOB).encrypt(HELLO);
        new SessionCipher(bob, ALICE).decrypt(new PreKeySignalMessage(first.serialize()));
        CiphertextMessage answer = new SessionCipher(bob, ALICE).encrypt(HELLO);
        new SessionCipher(alice, BOB).decrypt(new org.signal.libsignal.protocol.message.SignalMessage(
                answer.serialize()));
        return new Pair(alice, bob, first);
    }

    /** A whole session start: Bob publishes, Alice processes the bundle and encrypts, Bob decrypts. */
    static byte[] freshSessionFirstMessage() throws Exception {
        InMemorySignalProtocolStore alice = new InMemorySignalProtocolStore(IdentityKeyPair.generate(), 1001);
        InMemorySignalProtocolStore bob = new InMemorySignalProtocolStore(IdentityKeyPair.generate(), 2002);
        new SessionBuilder(alice, BOB).process(publish(bob));
        CiphertextMessage first = new SessionCipher(alice, BOB).encrypt(HELLO);
        return new SessionCipher(bob, ALICE).decrypt(new PreKeySignalMessage(first.serialize()));
    }

    /** Bob's bundle, its private halves stored in {@code bob}. */
    static PreKeyBundle publish(InMemorySignalProtocolStore bob) {
        IdentityKeyPair identity = bob.getIdentityKeyPair();
        long now = System.currentTimeMillis();
        ECKeyPair signed = ECKeyPair.generate();
        byte[] signedSignature = identity.getPrivateKey().calculateSignature(signed.getPublicKey().serialize());
        bob.storeSignedPreKey(1, new SignedPreKeyRecord(1, now, signed, signedSignature));
        KEMKeyPair kyber = KEMKeyPair.generate(KEMKeyType.KYBER_1024);
        byte[] kyberSignature = identity.getPrivateKey().calculateSignature(kyber.getPublicKey().serialize());
        bob.storeKyberPreKey(2, new KyberPreKeyRecord(2, now, kyber, kyberSignature));
        ECKeyPair oneTime = ECKeyPair.generate();
        bob.storePreKey(3, new PreKeyRecord(3, oneTime));
        return new PreKeyBundle(bob.getLocalRegistrationId(), 1, 3, oneTime.getPublicKey(), 1, signed.getPublicKey(),
                signedSignature, identity.getPublicKey(), 2, kyber.getPublicKey(), kyberSignature);
    }
}

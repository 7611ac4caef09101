// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import io.switchboard.protocol.id.UserId;
import io.switchboard.protocol.node.Node;
import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.InvalidKeyException;
import org.signal.libsignal.protocol.SessionBuilder;
import org.signal.libsignal.protocol.SessionCipher;
import org.signal.libsignal.protocol.SignalProtocolAddress;
import org.signal.libsignal.protocol.ecc.ECPublicKey;
import org.signal.libsignal.protocol.fingerprint.NumericFingerprintGenerator;
import org.signal.libsignal.protocol.groups.GroupCipher;
import org.signal.libsignal.protocol.groups.GroupSessionBuilder;
import org.signal.libsignal.protocol.kem.KEMPublicKey;
import org.signal.libsignal.protocol.message.CiphertextMessage;
import org.signal.libsignal.protocol.message.PreKeySignalMessage;
import org.signal.libsignal.protocol.message.SenderKeyDistributionMessage;
import org.signal.libsignal.protocol.message.SignalMessage;
import org.signal.libsignal.protocol.state.PreKeyBundle;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * End-to-end encryption with libsignal (PROTOCOL.md §14.6): 1:1, starts a session from a fetched bundle (PQXDH,
 * with the Kyber prekey), encrypts to {@code <enc type='pkmsg'|'msg'>} and decrypts it back; in groups, sender
 * keys, distributed pairwise and then used to encrypt once for all ({@code skmsg}). A peer is the
 * libsignal address (its user address, device 1). Confined to the client's event loop, as the store is.
 */
final class Encryption {

    static final int DEVICE = 1;
    /** Signal's safety number: version 1 (phone numbers as the stable identifiers), hashed 5,200 times. */
    private static final int FINGERPRINT_ITERATIONS = 5_200;

    private final SignalStore store;

    Encryption(SignalStore store) {
        this.store = store;
    }

    SignalStore store() {
        return store;
    }

    static SignalProtocolAddress address(UserId user) {
        return new SignalProtocolAddress(user.address(), DEVICE);
    }

    boolean hasSession(UserId peer) {
        return store.containsSession(address(peer));
    }

    /**
     * Starts a session with the {@code <bundle>} of PROTOCOL.md §14.3.
     *
     * @throws InvalidKeyException if a key or signature in it is bad
     */
    void startSession(UserId peer, Node bundle) throws InvalidKeyException {
        try {
            Node signed = child(bundle, "signed-prekey");
            Node kyber = child(bundle, "kyber-prekey");
            Node prekey = bundle.child("prekey");
            PreKeyBundle preKeyBundle = new PreKeyBundle(
                    Integer.parseInt(bundle.attr("registration-id")), DEVICE,
                    prekey == null ? PreKeyBundle.NULL_PRE_KEY_ID : Integer.parseInt(prekey.attr("id")),
                    prekey == null ? null : new ECPublicKey(prekey.bytes()),
                    Integer.parseInt(signed.attr("id")), new ECPublicKey(child(signed, "key").bytes()),
                    child(signed, "signature").bytes(),
                    new IdentityKey(child(bundle, "identity").bytes()),
                    Integer.parseInt(kyber.attr("id")), new KEMPublicKey(child(kyber, "key").bytes()),
                    child(kyber, "signature").bytes());
            new SessionBuilder(store, address(peer)).process(preKeyBundle);
        } catch (org.signal.libsignal.protocol.UntrustedIdentityException e) {
            throw new IllegalStateException("the store trusts every identity", e);
        } catch (NumberFormatException | NullPointerException e) {
            throw new InvalidKeyException("malformed bundle of " + peer + ": " + e);
        }
    }

    /** {@code plaintext} for {@code peer} as an {@code <enc>} node; a session must exist. */
    Node encrypt(UserId peer, byte[] plaintext) {
        try {
            CiphertextMessage message = new SessionCipher(store, address(peer)).encrypt(plaintext);
            String type = message.getType() == CiphertextMessage.PREKEY_TYPE ? "pkmsg" : "msg";
            return Node.builder("enc").attr("type", type).bytes(message.serialize()).build();
        } catch (org.signal.libsignal.protocol.NoSessionException
                 | org.signal.libsignal.protocol.UntrustedIdentityException e) {
            throw new IllegalStateException("cannot encrypt for " + peer + ": " + e.getMessage(), e);
        }
    }

    /**
     * The plaintext of {@code enc} from {@code peer}.
     *
     * @throws org.signal.libsignal.protocol.DuplicateMessageException if it was decrypted before
     * @throws Exception                                               if it cannot be decrypted for another reason
     */
    byte[] decrypt(UserId peer, Node enc) throws Exception {
        SessionCipher cipher = new SessionCipher(store, address(peer));
        byte[] bytes = enc.bytes();
        return switch (String.valueOf(enc.attr("type"))) {
            case "pkmsg" -> cipher.decrypt(new PreKeySignalMessage(bytes));
            case "msg" -> cipher.decrypt(new SignalMessage(bytes));
            default -> throw new IllegalArgumentException("not a 1:1 ciphertext type: " + enc.attr("type"));
        };
    }

    /**
     * This device's sender key distribution message for {@code distribution} (made on first use), which lets a
     * member decrypt what this device sends with it.
     */
    byte[] senderKeyDistribution(UserId self, UUID distribution) {
        return new GroupSessionBuilder(store).create(address(self), distribution).serialize();
    }

    /** Takes {@code sender}'s sender key from a distribution message it sent pairwise. */
    void processSenderKey(UserId sender, byte[] distribution) throws Exception {
        new GroupSessionBuilder(store).process(address(sender), new SenderKeyDistributionMessage(distribution));
    }

    /** {@code plaintext} encrypted once with this device's sender key {@code distribution}, as an {@code skmsg}. */
    Node encryptForGroup(UserId self, UUID distribution, byte[] plaintext) {
        try {
            byte[] skmsg = new GroupCipher(store, address(self)).encrypt(distribution, plaintext).serialize();
            return Node.builder("enc").attr("type", "skmsg").bytes(skmsg).build();
        } catch (org.signal.libsignal.protocol.NoSessionException e) {
            throw new IllegalStateException("no sender key " + distribution + " of our own", e);
        }
    }

    /**
     * The plaintext of a group {@code <enc type='skmsg'>} from {@code sender}.
     *
     * @throws org.signal.libsignal.protocol.NoSessionException        if its sender key has not arrived (yet)
     * @throws org.signal.libsignal.protocol.DuplicateMessageException if it was decrypted before
     * @throws Exception                                               if it cannot be decrypted for another reason
     */
    byte[] decryptGroup(UserId sender, Node enc) throws Exception {
        if (!"skmsg".equals(enc.attr("type"))) {
            throw new IllegalArgumentException("a group message must be type 'skmsg', not " + enc.attr("type"));
        }
        return new GroupCipher(store, address(sender)).decrypt(enc.bytes());
    }

    /** Drops the sessions and stored identity of a peer that re-registered; the next message starts over. */
    void forget(UserId peer) {
        store.forget(address(peer).getName());
    }

    /**
     * The 60-digit safety number of this device with {@code peer}, the same on both sides; empty when the peer's
     * identity is not known yet (no message exchanged).
     */
    java.util.Optional<String> safetyNumber(UserId self, UserId peer) {
        IdentityKey theirs = store.getIdentity(address(peer));
        if (theirs == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new NumericFingerprintGenerator(FINGERPRINT_ITERATIONS)
                .createFor(1, self.phone().getBytes(StandardCharsets.UTF_8), store.getIdentityKeyPair().getPublicKey(),
                        peer.phone().getBytes(StandardCharsets.UTF_8), theirs)
                .getDisplayableFingerprint().getDisplayText());
    }

    private static Node child(Node parent, String tag) throws InvalidKeyException {
        Node child = parent.child(tag);
        if (child == null) {
            throw new InvalidKeyException("a <" + parent.tag() + "> needs a <" + tag + ">");
        }
        return child;
    }
}

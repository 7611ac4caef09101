// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.protocol.id.UserId;
import io.switchboard.protocol.node.Node;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signal.libsignal.protocol.DuplicateMessageException;
import org.signal.libsignal.protocol.InvalidMessageException;
import org.signal.libsignal.protocol.NoSessionException;

/**
 * Two devices' {@link Encryption} on their own {@link SignalStore} directories, with no server: a session from a
 * published bundle, ciphertexts out of order and twice, state that survives reopening the store, and sender keys.
 */
class EncryptionTest {
    private static final UserId ALICE = new UserId("15550000001");
    private static final UserId BOB = new UserId("15550000002");

    @TempDir
    Path dir;
    private final List<IdentityChange> changes = new ArrayList<>();

    private Encryption open(String name) throws Exception {
        return new Encryption(SignalStore.open(dir.resolve(name), a -> changes.add(
                new IdentityChange(UserId.fromAddress(a.getName()), IdentityChange.Source.NEW_KEY_SEEN))));
    }

    /** The bundle a server would serve from this upload (PROTOCOL.md §14.3), taking its first one-time keys. */
    private static Node bundle(UserId user, Node upload) {
        Node prekeys = upload.child("prekeys");
        Node kyber = prekeys.child("kyber-prekey");
        return Node.builder("bundle").attr("jid", user.address()).attr("device", "1")
                .attr("registration-id", upload.attr("registration-id")).child(upload.child("identity"))
                .child(upload.child("signed-prekey")).child(kyber).child(prekeys.child("prekey")).build();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void ciphertextsOpenOutOfOrderAndADuplicateIsRefused() throws Exception {
        Encryption alice = open("alice");
        Encryption bob = open("bob");
        alice.startSession(BOB, bundle(BOB, new KeyUploads(bob.store()).registration()));

        Node first = alice.encrypt(BOB, utf8("one"));
        Node second = alice.encrypt(BOB, utf8("two"));
        Node third = alice.encrypt(BOB, utf8("three"));

        assertThat(first.attr("type")).isEqualTo("pkmsg");
        assertThat(bob.decrypt(ALICE, third)).isEqualTo(utf8("three"));
        assertThat(bob.decrypt(ALICE, first)).isEqualTo(utf8("one"));
        assertThat(bob.decrypt(ALICE, second)).isEqualTo(utf8("two"));
        assertThatThrownBy(() -> bob.decrypt(ALICE, second)).isInstanceOf(DuplicateMessageException.class);
        Node answer = bob.encrypt(ALICE, utf8("back"));
        assertThat(answer.attr("type")).isEqualTo("msg");
        assertThat(alice.decrypt(BOB, answer)).isEqualTo(utf8("back"));
        assertThat(alice.encrypt(BOB, utf8("steady")).attr("type")).as("answered: no more prekey messages")
                .isEqualTo("msg");
    }

    @Test
    void aReplayedFirstMessageOnTheLastResortKeyIsRefused() throws Exception {
        Encryption alice = open("alice");
        Encryption bob = open("bob");
        Node upload = new KeyUploads(bob.store()).registration();
        Node kyber = upload.child("kyber");
        // What the server serves once both pools are empty: the last-resort Kyber key and no EC one-time key.
        alice.startSession(BOB, Node.builder("bundle").attr("jid", BOB.address()).attr("device", "1")
                .attr("registration-id", upload.attr("registration-id")).child(upload.child("identity"))
                .child(upload.child("signed-prekey")).child(Node.builder("kyber-prekey").attr("id", kyber.attr("id"))
                        .child(kyber.child("key")).child(kyber.child("signature"))).build());
        Node first = alice.encrypt(BOB, utf8("one"));
        assertThat(bob.decrypt(ALICE, first)).isEqualTo(utf8("one"));
        bob.store().deleteAllSessions(ALICE.address());

        assertThatThrownBy(() -> bob.decrypt(ALICE, first)).isInstanceOf(InvalidMessageException.class);
        assertThat(bob.store().containsKyberPreKey(Integer.parseInt(kyber.attr("id")))).as("the last-resort key stays")
                .isTrue();
    }

    @Test
    void sessionsSurviveReopeningTheStore() throws Exception {
        Encryption alice = open("alice");
        Encryption bob = open("bob");
        alice.startSession(BOB, bundle(BOB, new KeyUploads(bob.store()).registration()));
        bob.decrypt(ALICE, alice.encrypt(BOB, utf8("hello")));

        Encryption aliceAgain = open("alice");
        Encryption bobAgain = open("bob");

        assertThat(bobAgain.decrypt(ALICE, aliceAgain.encrypt(BOB, utf8("after a restart"))))
                .isEqualTo(utf8("after a restart"));
        assertThat(aliceAgain.safetyNumber(ALICE, BOB)).isEqualTo(bobAgain.safetyNumber(BOB, ALICE));
    }

    @Test
    void aNewIdentityOfAPeerIsAcceptedAndReported() throws Exception {
        Encryption alice = open("alice");
        alice.startSession(BOB, bundle(BOB, new KeyUploads(open("bob").store()).registration()));
        Encryption newBob = open("bob-reinstalled");

        alice.forget(BOB);
        alice.startSession(BOB, bundle(BOB, new KeyUploads(newBob.store()).registration()));
        assertThat(changes).isEmpty();
        Encryption otherBob = open("bob-again");
        alice.startSession(BOB, bundle(BOB, new KeyUploads(otherBob.store()).registration()));

        assertThat(changes).extracting(IdentityChange::user).containsExactly(BOB);
        assertThat(newBob.store().getIdentityKeyPair().getPublicKey())
                .isNotEqualTo(otherBob.store().getIdentityKeyPair().getPublicKey());
    }

    @Test
    void aMemberWithoutTheNewSenderKeyCannotReadWhatIsSentUnderIt() throws Exception {
        Encryption alice = open("alice");
        Encryption bob = open("bob");
        Encryption carol = open("carol");
        UUID old = UUID.randomUUID();
        byte[] oldKey = alice.senderKeyDistribution(ALICE, old);
        bob.processSenderKey(ALICE, oldKey);
        carol.processSenderKey(ALICE, oldKey);
        Node before = alice.encryptForGroup(ALICE, old, utf8("before"));
        assertThat(carol.decryptGroup(ALICE, before)).isEqualTo(utf8("before"));

        UUID rotated = UUID.randomUUID();
        bob.processSenderKey(ALICE, alice.senderKeyDistribution(ALICE, rotated));
        Node after = alice.encryptForGroup(ALICE, rotated, utf8("after"));

        assertThat(bob.decryptGroup(ALICE, after)).isEqualTo(utf8("after"));
        assertThatThrownBy(() -> carol.decryptGroup(ALICE, after)).isInstanceOf(NoSessionException.class);
    }
}

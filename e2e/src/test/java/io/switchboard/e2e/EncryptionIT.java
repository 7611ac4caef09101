// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.e2e;

import io.switchboard.client.ClientDirectory;
import io.switchboard.client.ClientTransport;
import io.switchboard.client.IdentityChange;
import io.switchboard.client.MessageAck;
import io.switchboard.client.Receipt;
import io.switchboard.crypto.SignalX25519;
import io.switchboard.e2e.Users.User;
import io.switchboard.protocol.node.Node;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.ServerExtension;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.ecc.ECKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end encryption through one real server process (PROTOCOL.md §14): SDK clients publish keys on
 * registration, start sessions from fetched bundles and exchange ciphertext only; what the server could see is
 * checked by {@link NoPlaintextOnServerIT}.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class EncryptionIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create().config(Users.TEST_CONFIG);
    static Users users;

    @BeforeAll
    static void openUsers() throws Exception {
        users = new Users(server.process(), dir.resolve("clients"), 300);
    }

    @AfterAll
    static void closeUsers() throws Exception {
        users.close();
    }

    @Test
    void encryptedMessagesAreReadOnBothSidesOfANewSession() throws Exception {
        User alice = users.register();
        User bob = users.register();

        MessageAck first = alice.client.send(bob.id, "hello bob").get(30, TimeUnit.SECONDS);
        Await.until("bob reads the first message", WAIT, () -> bob.messages.size() == 1);
        bob.client.send(alice.id, "hello alice").get(30, TimeUnit.SECONDS);
        Await.until("alice reads the answer", WAIT, () -> alice.messages.size() == 1);
        for (int i = 0; i < 5; i++) {
            alice.client.send(bob.id, "again " + i).get(30, TimeUnit.SECONDS);
        }

        Await.until("bob reads all six", WAIT, () -> bob.messages.size() == 6);
        assertThat(bob.texts()).containsExactly("hello bob", "again 0", "again 1", "again 2", "again 3", "again 4");
        assertThat(bob.messages.peek().id()).isEqualTo(first.id());
        assertThat(alice.texts()).containsExactly("hello alice");
        Await.until("alice sees two checks on all six", WAIT, () -> alice.receiptsOf(Receipt.Type.DELIVERY) == 6);
        assertThat(alice.client.safetyNumber(bob.id).get(30, TimeUnit.SECONDS))
                .isEqualTo(bob.client.safetyNumber(alice.id).get(30, TimeUnit.SECONDS))
                .hasValueSatisfying(number -> assertThat(number).hasSize(60).containsOnlyDigits());
    }

    @Test
    void messagesSentInABurstBeforeTheSessionExistsArriveInOrder() throws Exception {
        User alice = users.register();
        User bob = users.register();
        List<String> texts = IntStream.range(0, 50).mapToObj(i -> "burst " + i).toList();

        texts.forEach(text -> alice.client.send(bob.id, text));

        Await.until("bob reads all 50", WAIT, () -> bob.messages.size() == 50);
        assertThat(bob.texts()).containsExactlyElementsOf(texts);
    }

    @Test
    void messagesQueuedWhileTheRecipientWasOfflineDecryptWhenItLogsIn() throws Exception {
        User alice = users.register();
        User bob = users.register();
        bob.client.close();

        for (int i = 0; i < 3; i++) {
            alice.client.send(bob.id, "while you were away " + i).get(30, TimeUnit.SECONDS);
        }
        User bobAgain = users.reopen(bob);
        bobAgain.login();

        Await.until("bob reads the queued messages", WAIT, () -> bobAgain.messages.size() == 3);
        assertThat(bobAgain.texts()).containsExactly("while you were away 0", "while you were away 1",
                "while you were away 2");
    }

    @Test
    void afterAPeerRegistersAgainBothSidesTalkOnANewSession() throws Exception {
        User alice = users.register();
        User bob = users.register();
        alice.client.send(bob.id, "before").get(30, TimeUnit.SECONDS);
        Await.until("bob reads it", WAIT, () -> bob.messages.size() == 1);
        String before = alice.client.safetyNumber(bob.id).get(30, TimeUnit.SECONDS).orElseThrow();
        bob.client.close();

        User newBob = users.registerAgain(bob);
        Await.until("alice is told bob's identity changed", WAIT, () -> alice.identityChanges.stream()
                .anyMatch(c -> c.user().equals(bob.id) && c.source() == IdentityChange.Source.SERVER_NOTICE));
        alice.client.send(newBob.id, "after").get(30, TimeUnit.SECONDS);
        Await.until("the new bob reads it", WAIT, () -> newBob.messages.size() == 1);
        newBob.client.send(alice.id, "back again").get(30, TimeUnit.SECONDS);
        Await.until("alice reads the new bob", WAIT, () -> alice.messages.size() == 1);

        assertThat(newBob.texts()).containsExactly("after");
        assertThat(alice.texts()).containsExactly("back again");
        assertThat(alice.client.safetyNumber(bob.id).get(30, TimeUnit.SECONDS)).isPresent().get()
                .isNotEqualTo(before);
    }

    @Test
    void aPeerThatRegistersAgainAndWritesFirstIsAcceptedWithAnIdentityChange() throws Exception {
        User alice = users.register();
        User bob = users.register();
        alice.client.send(bob.id, "before").get(30, TimeUnit.SECONDS);
        Await.until("bob reads it", WAIT, () -> bob.messages.size() == 1);
        bob.client.close();

        User newBob = users.registerAgain(bob);
        newBob.client.send(alice.id, "new phone, who dis").get(30, TimeUnit.SECONDS);

        Await.until("alice reads the new bob", WAIT, () -> alice.messages.size() == 1);
        assertThat(alice.texts()).containsExactly("new phone, who dis");
        assertThat(alice.identityChanges).extracting(IdentityChange::user).contains(bob.id);
    }

    @Test
    void whenItsOneTimePoolRunsLowTheOwnerIsToldAndUploadsMore() throws Exception {
        User bob = users.register();
        User alice = users.register();
        alice.client.close();
        try (ClientTransport transport = ClientTransport.create(1);
             RawConnection raw = new RawConnection(transport, server.port(), ClientDirectory.open(alice.dir)
                     .deviceKey(new SignalX25519()).orElseThrow(), Node.of("login"))) {
            // Bob published 50 one-time keys of each kind (ids 1-50); 41 fetches leave 9, under the low-water mark.
            for (int i = 0; i < 41; i++) {
                assertThat(fetchEcPrekeyId(raw, bob, i)).isEqualTo(i + 1);
            }
            // Bob's client, told, makes 50 more (ids 51-100, kept in its directory before they are uploaded)...
            Await.until("bob's client makes more keys", WAIT, () -> Files.exists(bob.dir.resolve("signal")
                    .resolve("prekeys").resolve("100")));
            // ...and uploads them: once the 9 old ones are gone, the new ones come out.
            int[] fetched = {41};
            Await.until("a key bob uploaded after being told comes out", WAIT,
                    () -> fetchEcPrekeyId(raw, bob, fetched[0]++) > 50);
        }
    }

    @Test
    void keyRequestsTheServerCannotAcceptAreRefusedWithTheirCodes() throws Exception {
        User alice = users.register();
        alice.client.close();
        IdentityKeyPair other = IdentityKeyPair.generate();
        byte[] key = ECKeyPair.generate().getPublicKey().serialize();
        byte[] kyber = KEMKeyPair.generate(KEMKeyType.KYBER_1024).getPublicKey().serialize();
        Node.Builder tooMany = Node.builder("prekeys");
        for (int i = 0; i < 101; i++) {
            tooMany.child(Node.builder("prekey").attr("id", Integer.toString(1000 + i)).bytes(key));
        }
        try (ClientTransport transport = ClientTransport.create(1);
             RawConnection raw = new RawConnection(transport, server.port(), ClientDirectory.open(alice.dir)
                     .deviceKey(new SignalX25519()).orElseThrow(), Node.of("login"))) {
            assertThat(keyRequest(raw, "get", Node.builder("keys").attr("jid", "15559990000@s.switchboard")
                    .build())).isEqualTo("404");
            assertThat(keyRequest(raw, "set", Node.builder("keys").child(tooMany).build())).isEqualTo("413");
            assertThat(keyRequest(raw, "set", Node.builder("keys").child(Node.builder("prekeys")
                    .child(Node.builder("prekey").attr("id", "1").bytes(new byte[5]))).build())).isEqualTo("400");
            // Signed by another identity than the one uploaded: the server checks, so no sender ever fails on it.
            Node forged = Node.builder("keys").attr("registration-id", "7")
                    .child(Node.builder("identity").bytes(IdentityKeyPair.generate().getPublicKey().serialize()))
                    .child(signed("signed-prekey", key, other.getPrivateKey().calculateSignature(key)))
                    .child(signed("kyber", kyber, other.getPrivateKey().calculateSignature(kyber))).build();
            assertThat(keyRequest(raw, "set", forged)).isEqualTo("400");
        }
    }

    private static Node signed(String tag, byte[] key, byte[] signature) {
        return Node.builder(tag).attr("id", "1").child(Node.builder("key").bytes(key))
                .child(Node.builder("signature").bytes(signature)).build();
    }

    /** Sends a key request on {@code raw}; the error code of the answer, or "result". */
    private static String keyRequest(RawConnection raw, String type, Node keys) throws Exception {
        raw.send(Node.builder("iq").attr("id", "k" + type).attr("type", type).child(keys).build());
        Node reply = raw.next("iq");
        return "result".equals(reply.attr("type")) ? "result" : reply.child("error").attr("code");
    }

    /** One bundle fetch of {@code owner} on {@code raw}: the id of the one-time EC prekey in it, 0 when none. */
    private static int fetchEcPrekeyId(RawConnection raw, User owner, int n) {
        try {
            raw.send(Node.builder("iq").attr("id", "f" + n).attr("type", "get")
                    .child(Node.builder("keys").attr("jid", owner.id.address())).build());
            Node reply = raw.next("iq");
            assertThat(reply.attr("type")).isEqualTo("result");
            Node prekey = reply.child("bundle").child("prekey");
            return prekey == null ? 0 : Integer.parseInt(prekey.attr("id"));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}

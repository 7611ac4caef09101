// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import io.switchboard.protocol.id.MessageId;
import io.switchboard.protocol.id.UserId;
import io.switchboard.protocol.node.Node;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
class SwitchboardClientIT {
    private static final String PHONE = "+15551230002";
    private static final UserId BOB = UserId.fromPhone("+15551230003");

    @TempDir
    Path dir;
    private final TestServer server = new TestServer();

    @AfterEach
    void stop() {
        server.close();
    }

    private SwitchboardClient client() throws Exception {
        return SwitchboardClient.open(ClientSettings.of(dir, List.of(server.address()))
                .withBackoff(Duration.ofMillis(20), Duration.ofMillis(100)));
    }

    @Test
    void registerThenVerifyStoresTheAccountAndLogsIn() throws Exception {
        try (SwitchboardClient client = client()) {
            RegistrationCode code = client.register(PHONE).get(10, TimeUnit.SECONDS);
            assertThat(code.expiresIn()).isEqualTo(Duration.ofSeconds(600));
            assertThat(code.devCode()).contains(TestServer.CODE);

            UserId user = client.verify(PHONE, code.devCode().orElseThrow()).get(10, TimeUnit.SECONDS);

            assertThat(user).isEqualTo(UserId.fromPhone(PHONE));
            assertThat(client.isLoggedIn()).isTrue();
        }
        ClientDirectory stored = ClientDirectory.open(dir);
        assertThat(stored.account()).contains(new Account(UserId.fromPhone(PHONE), 0));
        assertThat(stored.serverKey()).contains(server.key.publicKey());
        assertThat(Files.exists(dir.resolve(ClientDirectory.DEVICE_KEY))).isTrue();
    }

    @Test
    void aRegistrationCutOffBeforeItsKeysArePublishedStoresNoAccountAndARerunCompletesIt() throws Exception {
        server.dropConnectionOnKeyUploads.set(1);
        try (SwitchboardClient client = client()) {
            client.register(PHONE).get(10, TimeUnit.SECONDS);
            assertThatThrownBy(() -> client.verify(PHONE, TestServer.CODE).get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(ConnectionFailedException.class);
        }
        assertThat(ClientDirectory.open(dir).account()).isEmpty();

        try (SwitchboardClient client = client()) {
            client.register(PHONE).get(10, TimeUnit.SECONDS);
            assertThat(client.verify(PHONE, TestServer.CODE).get(10, TimeUnit.SECONDS))
                    .isEqualTo(UserId.fromPhone(PHONE));
        }
        assertThat(ClientDirectory.open(dir).account()).contains(new Account(UserId.fromPhone(PHONE), 0));
    }

    @Test
    void wrongCodeFailsWithTheServersCode() throws Exception {
        try (SwitchboardClient client = client()) {
            client.register(PHONE).get(10, TimeUnit.SECONDS);
            assertThatThrownBy(() -> client.verify(PHONE, "000000").get(10, TimeUnit.SECONDS))
                    .cause().isInstanceOfSatisfying(StanzaErrorException.class,
                            e -> assertThat(e.code()).isEqualTo(401));
        }
    }

    @Test
    void loginWithoutAnAccountFails() throws Exception {
        try (SwitchboardClient client = client()) {
            assertThatThrownBy(() -> client.login().get(10, TimeUnit.SECONDS))
                    .cause().isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void sentMessageTravelsEncryptedAndCompletesWithTheServersAck() throws Exception {
        registered();
        try (SwitchboardClient client = client()) {
            client.login().get(10, TimeUnit.SECONDS);
            MessageAck ack = client.send(BOB, "hello").get(10, TimeUnit.SECONDS);

            assertThat(ack.to()).isEqualTo(BOB);
            assertThat(ack.time().getEpochSecond()).isEqualTo(1732700001L);
            Node sent = nextOf("message");
            assertThat(sent.attr("id")).isEqualTo(ack.id().value());
            assertThat(sent.child("body")).as("no plaintext body").isNull();
            assertThat(sent.child("enc").attr("type")).as("the first message of a session").isEqualTo("pkmsg");
            assertThat(new String(sent.child("enc").bytes(), StandardCharsets.ISO_8859_1)).doesNotContain("hello");
        }
    }

    @Test
    void isRegisteredAsksForTheBundleOnceAndSaysFalseForANumberWithoutKeys() throws Exception {
        UserId nobody = UserId.fromPhone("+15551230009");
        server.keys.unregistered.add(nobody.address());
        registered();
        try (SwitchboardClient client = client()) {
            assertThatThrownBy(() -> client.isRegistered(BOB).get(10, TimeUnit.SECONDS))
                    .cause().isInstanceOf(IllegalStateException.class);
            client.login().get(10, TimeUnit.SECONDS);
            assertThat(client.isRegistered(nobody).get(10, TimeUnit.SECONDS)).isFalse();
            assertThat(client.isRegistered(BOB).get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(client.isRegistered(BOB).get(10, TimeUnit.SECONDS)).as("the session answers").isTrue();
            client.send(BOB, "hello").get(10, TimeUnit.SECONDS);
            assertThat(server.keys.fetched).as("one fetch of bob's bundle, which the first message used")
                    .containsExactly(nobody.address(), BOB.address());
        }
    }

    @Test
    void messageUnackedAtADisconnectIsResentWithTheSameIdAfterReconnecting() throws Exception {
        registered();
        try (SwitchboardClient client = client()) {
            client.login().get(10, TimeUnit.SECONDS);
            server.dropConnectionOnMessages.set(1);

            MessageAck ack = client.send(BOB, "hello").get(10, TimeUnit.SECONDS);

            Node first = nextOf("message");
            Node resent = nextOf("message");
            assertThat(resent.attr("id")).isEqualTo(first.attr("id")).isEqualTo(ack.id().value());
        }
    }

    @Test
    void aMessageAnsweredWith504IsSentAgainWithTheSameIdUntilStored() throws Exception {
        registered();
        try (SwitchboardClient client = client()) {
            client.login().get(10, TimeUnit.SECONDS);
            server.answerMessagesWith504.set(2);

            MessageAck ack = client.send(BOB, "did it land?").get(20, TimeUnit.SECONDS);

            Node first = nextOf("message");
            Node second = nextOf("message");
            Node third = nextOf("message");
            assertThat(List.of(first.attr("id"), second.attr("id"), third.attr("id")))
                    .containsOnly(ack.id().value());
        }
    }

    @Test
    void aBusyServerRefusingAReconnectWith503IsRetriedUntilTheClientIsBack() throws Exception {
        registered();
        try (SwitchboardClient client = client()) {
            client.login().get(10, TimeUnit.SECONDS);
            server.refuseLoginsAsBusy.set(2);
            server.dropConnectionOnMessages.set(1);

            // The drop forces a reconnect; two logins are refused as busy; the third gets in and the message goes.
            MessageAck ack = client.send(BOB, "after the storm").get(30, TimeUnit.SECONDS);

            assertThat(ack.id()).isNotNull();
            assertThat(server.refuseLoginsAsBusy.get()).isZero();
            assertThat(client.isLoggedIn()).isTrue();
        }
    }

    @Test
    void idsAreNeverReusedAcrossClients() throws Exception {
        registered();
        MessageId first;
        try (SwitchboardClient client = client()) {
            client.login().get(10, TimeUnit.SECONDS);
            first = client.send(BOB, "one").get(10, TimeUnit.SECONDS).id();
        }
        try (SwitchboardClient client = client()) {
            client.login().get(10, TimeUnit.SECONDS);
            MessageId second = client.send(BOB, "two").get(10, TimeUnit.SECONDS).id();
            assertThat(Long.parseLong(second.value(), 16)).isGreaterThan(Long.parseLong(first.value(), 16));
        }
    }

    @Test
    void anUnencryptedMessageIsAckedButNotShownUnlessAsked() throws Exception {
        registered();
        BlockingQueue<IncomingMessage> messages = new LinkedBlockingQueue<>();
        try (SwitchboardClient client = client()) {
            client.onMessage(messages::add);
            UserId me = client.login().get(10, TimeUnit.SECONDS);

            server.push(me.address(), Node.builder("message").attr("from", BOB.address()).attr("id", "b9")
                    .attr("t", "1732700002").child(Node.builder("body").bytes("trust me".getBytes(
                            StandardCharsets.UTF_8))).build());

            assertThat(nextOf("ack").attr("id")).as("acked, so the server does not keep it").isEqualTo("b9");
            assertThat(messages).as("nothing proves who wrote it: not shown").isEmpty();
        }
    }

    @Test
    void receivedMessagesAndReceiptsReachTheListenersAndAreAcked() throws Exception {
        registered();
        BlockingQueue<IncomingMessage> messages = new LinkedBlockingQueue<>();
        BlockingQueue<Receipt> receipts = new LinkedBlockingQueue<>();
        try (SwitchboardClient client = client()) {
            client.onMessage(messages::add);
            client.onReceipt(receipts::add);
            client.acceptUnencrypted(true);
            UserId me = client.login().get(10, TimeUnit.SECONDS);

            server.push(me.address(), Node.builder("message").attr("from", BOB.address()).attr("id", "b1")
                    .attr("t", "1732700002").child(Node.builder("body").bytes("hi".getBytes(StandardCharsets.UTF_8)))
                    .build());
            server.push(me.address(), Node.builder("receipt").attr("type", "read").attr("from", BOB.address())
                    .attr("id", "a3").attr("t", "1732700003").build());

            IncomingMessage message = messages.poll(10, TimeUnit.SECONDS);
            assertThat(message).isEqualTo(new IncomingMessage(BOB, new MessageId("b1"),
                    java.time.Instant.ofEpochSecond(1732700002L), "hi"));
            assertThat(receipts.poll(10, TimeUnit.SECONDS).type()).isEqualTo(Receipt.Type.READ);
            assertThat(nextOf("ack")).isEqualTo(Node.builder("ack").attr("class", "message")
                    .attr("from", BOB.address()).attr("id", "b1").build());
            assertThat(nextOf("ack")).isEqualTo(Node.builder("ack").attr("class", "receipt")
                    .attr("from", BOB.address()).attr("id", "a3").attr("type", "read").build());

            client.markRead(BOB, new MessageId("b1")).get(10, TimeUnit.SECONDS);
            assertThat(nextOf("receipt")).isEqualTo(Node.builder("receipt").attr("type", "read")
                    .attr("to", BOB.address()).attr("id", "b1").build());
        }
    }

    @Test
    void aSessionReplacedByANewLoginStopsReconnecting() throws Exception {
        registered();
        try (SwitchboardClient first = client()) {
            var closed = new java.util.concurrent.CompletableFuture<ConnectionClosed>();
            first.onDisconnect(closed::complete);
            first.login().get(10, TimeUnit.SECONDS);
            try (SwitchboardClient second = client()) {
                second.login().get(10, TimeUnit.SECONDS);
                assertThat(closed.get(10, TimeUnit.SECONDS).errorCode()).isEqualTo(ConnectionClosed.REPLACED);
                assertThat(first.isLoggedIn()).isFalse();
                assertThat(second.isLoggedIn()).isTrue();
            }
        }
    }

    @Test
    void loginWithAKeyTheServerDoesNotKnowFailsWith401() throws Exception {
        registered();
        server.accounts.clear();
        try (SwitchboardClient client = client()) {
            assertThatThrownBy(() -> client.login().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfSatisfying(StanzaErrorException.class,
                            e -> assertThat(e.code()).isEqualTo(401));
        }
    }

    private void registered() throws Exception {
        try (SwitchboardClient client = client()) {
            client.register(PHONE).get(10, TimeUnit.SECONDS);
            client.verify(PHONE, TestServer.CODE).get(10, TimeUnit.SECONDS);
        }
        server.received.clear();
    }

    /** The next node the server received with {@code tag}, skipping others (pings, iqs). */
    private Node nextOf(String tag) throws InterruptedException {
        return server.nextReceived(tag);
    }
}

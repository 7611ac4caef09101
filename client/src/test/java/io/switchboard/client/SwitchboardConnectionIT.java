// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import io.switchboard.crypto.SignalX25519;
import io.switchboard.protocol.node.Node;
import io.switchboard.protocol.noise.X25519;
import io.switchboard.protocol.noise.X25519KeyPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
class SwitchboardConnectionIT {
    private static final X25519 X25519 = new SignalX25519();

    private final TestServer server = new TestServer();
    private final ClientTransport transport = ClientTransport.create(1);
    private final X25519KeyPair device = X25519.generateKeyPair();
    private final BlockingQueue<Node> nodes = new LinkedBlockingQueue<>();
    private final CompletableFuture<ConnectionClosed> closed = new CompletableFuture<>();
    private final SwitchboardConnection.Listener listener = new SwitchboardConnection.Listener() {
        @Override
        public void onNode(Node node) {
            nodes.add(node);
        }

        @Override
        public void onClose(ConnectionClosed why) {
            closed.complete(why);
        }
    };

    @AfterEach
    void stop() {
        transport.close();
        server.close();
    }

    private SwitchboardConnection connection(byte[] pinnedServerKey) {
        return new SwitchboardConnection(transport, transport.nextLoop(), ConnectionSettings.DEFAULT, X25519, device,
                pinnedServerKey, listener);
    }

    @Test
    void connectCompletesWithTheServersFirstReplyAndLearnsItsKey() throws Exception {
        SwitchboardConnection conn = connection(null);
        Node first = conn.connect(List.of(server.address()), Stanzas.REGISTER).get(10, TimeUnit.SECONDS);

        assertThat(first).isEqualTo(Node.builder("success").attr("mode", "register").build());
        assertThat(conn.serverStaticKey()).contains(server.key.publicKey());
        conn.close();
    }

    @Test
    void nodesTravelBothWaysAfterConnecting() throws Exception {
        SwitchboardConnection conn = connection(server.key.publicKey());
        conn.connect(List.of(server.address()), Stanzas.REGISTER).get(10, TimeUnit.SECONDS);

        conn.send(Node.builder("iq").attr("id", "7").attr("type", "get").child(Node.of("ping")).build())
                .get(5, TimeUnit.SECONDS);

        assertThat(nodes.poll(5, TimeUnit.SECONDS))
                .isEqualTo(Node.builder("iq").attr("id", "7").attr("type", "result").build());
        assertThat(server.received.poll(5, TimeUnit.SECONDS).tag()).isEqualTo("iq");
    }

    @Test
    void loginWithAnUnknownKeyGetsTheFailureStanza() throws Exception {
        Node first = connection(null).connect(List.of(server.address()), Stanzas.LOGIN).get(10, TimeUnit.SECONDS);

        assertThat(first.tag()).isEqualTo("failure");
        assertThat(first.attr("code")).isEqualTo("401");
    }

    @Test
    void closeListenerCarriesTheCodeOfTheServersErrorStanza() throws Exception {
        server.accounts.put(java.util.HexFormat.of().formatHex(device.publicKey()), "15551230002@s.switchboard");
        SwitchboardConnection first = connection(null);
        first.connect(List.of(server.address()), Stanzas.LOGIN).get(10, TimeUnit.SECONDS);

        SwitchboardConnection second = new SwitchboardConnection(transport, transport.nextLoop(),
                ConnectionSettings.DEFAULT, X25519, device, null, new SwitchboardConnection.Listener() { });
        second.connect(List.of(server.address()), Stanzas.LOGIN).get(10, TimeUnit.SECONDS);

        assertThat(closed.get(10, TimeUnit.SECONDS)).isEqualTo(new ConnectionClosed(409, "replaced by a new login"));
        second.close();
    }

    @Test
    void connectMovesOnToTheNextAddressWhenOneRefuses() throws Exception {
        Node first = connection(null).connect(List.of(refusingAddress(), server.address()), Stanzas.REGISTER)
                .get(10, TimeUnit.SECONDS);

        assertThat(first.tag()).isEqualTo("success");
    }

    @Test
    void connectFailsWhenNoAddressAccepts() {
        CompletableFuture<Node> attempt = connection(null).connect(List.of(refusingAddress()), Stanzas.REGISTER);

        assertThatThrownBy(() -> attempt.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(ConnectionFailedException.class);
    }

    @Test
    void aServerWithAnotherKeyThanThePinnedOneIsRefused() {
        CompletableFuture<Node> attempt = connection(X25519.generateKeyPair().publicKey())
                .connect(List.of(server.address()), Stanzas.REGISTER);

        assertThatThrownBy(() -> attempt.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ConnectionFailedException.class);
        assertThat(server.received).isEmpty();
    }

    @Test
    void sendBeforeConnectingFailsAtOnce() {
        assertThat(connection(null).send(Node.of("ping"))).isCompletedExceptionally();
    }

    /** An address nothing listens on: a port that was just bound and released. */
    static InetSocketAddress refusingAddress() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return new InetSocketAddress("127.0.0.1", socket.getLocalPort());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

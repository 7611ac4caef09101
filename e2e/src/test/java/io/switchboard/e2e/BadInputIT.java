// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.e2e;

import io.switchboard.client.ClientDirectory;
import io.switchboard.client.ClientTransport;
import io.switchboard.client.StanzaErrorException;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.crypto.SignalX25519;
import io.switchboard.e2e.Users.User;
import io.switchboard.protocol.id.UserId;
import io.switchboard.protocol.node.Node;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.ServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input gets a clear error, closes at most its own connection, and loses nothing. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class BadInputIT {
    /**
     * Clients that carry on beside the attacker. The server has a few event loops per core, so a hundred put
     * dozens on the attacker's loop, which is what a closed connection could take down with it; the thousand-client
     * run is a benchmark (docs/BENCHMARKS.md, "Bad input beside a crowd"):
     * {@code -Dswitchboard.it.bad-input-crowd=1000}.
     */
    private static final int CROWD = Integer.getInteger("switchboard.it.bad-input-crowd", 100);

    @TempDir
    static Path dir;
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create().config(Users.TEST_CONFIG);
    static Users users;
    static ClientTransport transport;

    @BeforeAll
    static void openUsers() throws Exception {
        users = new Users(server.process(), dir.resolve("clients"), 300);
        transport = ClientTransport.create(1);
    }

    @AfterAll
    static void closeUsers() throws Exception {
        transport.close();
        users.close();
    }

    @Test
    void aMalformedFrameClosesOnlyItsConnectionWhileTheOtherClientsCarryOn() throws Exception {
        List<User> crowd = users.register(CROWD);
        try (Socket attacker = new Socket()) {
            attacker.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            attacker.setSoTimeout(10_000);
            OutputStream out = attacker.getOutputStream();
            // Connection header 'S' 'B' 1 1, then a 5-byte frame where Noise message 1 must be 32 bytes.
            out.write(new byte[] {'S', 'B', 1, 1, 0, 0, 5, 1, 2, 3, 4, 5});
            out.flush();
            assertThat(readUntilClosed(attacker.getInputStream())).as("server closed the attacker").isTrue();
        }
        // Every other client still exchanges messages: each sends one to its partner.
        List<CompletableFuture<?>> acks = new ArrayList<>();
        for (int i = 0; i < crowd.size(); i++) {
            User from = crowd.get(i);
            User to = crowd.get((i + crowd.size() / 2) % crowd.size());
            acks.add(from.client.send(to.id, "still here " + i));
        }
        CompletableFuture.allOf(acks.toArray(new CompletableFuture[0])).get(120, TimeUnit.SECONDS);
        Await.until("all " + CROWD + " messages delivered", Duration.ofSeconds(120),
                () -> crowd.stream().allMatch(u -> u.messages.size() == 1));
    }

    @Test
    void anOversizedFrameClosesTheConnection() throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            socket.setSoTimeout(10_000);
            // A frame header announcing 16 MiB - 1: refused from the header alone, nothing is buffered.
            socket.getOutputStream().write(new byte[] {'S', 'B', 1, 1, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
            socket.getOutputStream().flush();
            assertThat(readUntilClosed(socket.getInputStream())).isTrue();
        }
    }

    @Test
    void aWrongProtocolVersionIsRefused() throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readUntilClosed(socket.getInputStream())).isTrue();
        }
    }

    @Test
    void aStanzaInPlaceOfTheLoginIsRefused() throws Exception {
        try (RawConnection raw = new RawConnection(transport, server.port(), new SignalX25519().generateKeyPair(),
                Node.builder("message").attr("to", "15551230002@s.switchboard").attr("id", "1").build())) {
            assertThat(raw.firstReply.tag()).isEqualTo("failure");
            assertThat(raw.firstReply.attr("code")).isEqualTo("400");
        }
    }

    @Test
    void anUnknownDeviceKeyCannotLogIn() throws Exception {
        try (RawConnection raw = new RawConnection(transport, server.port(), new SignalX25519().generateKeyPair(),
                Node.of("login"))) {
            assertThat(raw.firstReply.tag()).isEqualTo("failure");
            assertThat(raw.firstReply.attr("code")).isEqualTo("401");
        }
    }

    @Test
    void aForgedSenderIsRefused() throws Exception {
        User alice = users.register();
        User bob = users.register();
        User carol = users.register();
        alice.client.close();
        try (RawConnection raw = aliceRaw(alice)) {
            raw.send(Node.builder("message").attr("to", carol.id.address()).attr("id", "f1")
                    .attr("from", bob.id.address()).child(Node.builder("body").bytes(bytes("I am bob"))).build());
            Node ack = raw.next("ack");
            assertThat(ack.attr("error")).isEqualTo("403");
        }
        assertThat(carol.messages).isEmpty();
    }

    @Test
    void aRetriedMessageIdIsDeliveredOnce() throws Exception {
        User alice = users.register();
        User bob = users.register();
        bob.client.acceptUnencrypted(true);  // the raw client does not encrypt; what counts here is the server
        alice.client.close();
        try (RawConnection raw = aliceRaw(alice)) {
            Node message = Node.builder("message").attr("to", bob.id.address()).attr("id", "77")
                    .child(Node.builder("body").bytes(bytes("once"))).build();
            raw.send(message);
            assertThat(raw.next("ack").attr("error")).isNull();
            raw.send(message);
            assertThat(raw.next("ack").attr("error")).isNull(); // acked again: the retry is safe
            raw.send(Node.builder("message").attr("to", bob.id.address()).attr("id", "78")
                    .child(Node.builder("body").bytes(bytes("marker"))).build());
            raw.next("ack");
        }
        Await.until("bob receives the marker", Duration.ofSeconds(30), () -> bob.texts().contains("marker"));
        assertThat(bob.texts()).containsExactly("once", "marker");
    }

    @Test
    void guessingTheRegistrationCodeIsLockedOut() throws Exception {
        UserId victim = new UserId("15559990001");
        try (SwitchboardClient client = SwitchboardClient.open(io.switchboard.client.ClientSettings.of(
                dir.resolve("guesser"), List.of(new InetSocketAddress("127.0.0.1", server.port()))))) {
            String realCode = client.register(victim.phone()).get(30, TimeUnit.SECONDS).devCode().orElseThrow();
            String wrong = realCode.equals("000000") ? "111111" : "000000";
            List<Integer> codes = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                codes.add(errorCode(() -> client.verify(victim.phone(), wrong).get(30, TimeUnit.SECONDS)));
            }
            assertThat(codes).containsExactly(401, 401, 401, 401, 403);
            // Locked: even the right code is refused now.
            assertThat(errorCode(() -> client.verify(victim.phone(), realCode).get(30, TimeUnit.SECONDS)))
                    .isEqualTo(403);
        }
    }

    private RawConnection aliceRaw(User alice) throws Exception {
        return new RawConnection(transport, server.port(),
                ClientDirectory.open(alice.dir).deviceKey(new SignalX25519()).orElseThrow(), Node.of("login"));
    }

    /** Reads until the server closes the connection; true if it did. */
    private static boolean readUntilClosed(InputStream in) throws Exception {
        byte[] buffer = new byte[1024];
        try {
            while (in.read(buffer) >= 0) {
                // whatever the server says before closing (an error frame) is skipped
            }
            return true;
        } catch (java.net.SocketException e) {
            return true; // reset by the server: closed as well
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private interface Call {
        void run() throws Exception;
    }

    private static int errorCode(Call call) {
        try {
            call.run();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StanzaErrorException s) {
                return s.code();
            }
            throw new AssertionError("unexpected failure", e);
        } catch (Exception e) {
            throw new AssertionError("unexpected failure", e);
        }
        throw new AssertionError("the call succeeded");
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.e2e;

import io.switchboard.e2e.Users.User;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.time.Duration;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server's handshake admission: with two handshake slots, connections beyond them wait their turn instead of
 * timing out, a silent connection holding a slot loses it at the handshake timeout, and a full queue refuses.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class HandshakeAdmissionIT {

    @TempDir
    static Path dir;
    static ServerProcess server;
    static Users users;

    @BeforeAll
    static void startServer() throws Exception {
        Files.createDirectories(dir);
        Path conf = dir.resolve("admission.conf");
        Files.writeString(conf, """
                switchboard.registration.codes-per-address-per-hour = 1000000
                switchboard.transport.max-handshakes-in-flight = 2
                switchboard.transport.max-handshakes-queued = 1000
                switchboard.transport.handshake-timeout = 5s
                # The queue-full test opens 1,002 silent connections from 127.0.0.1; the per-address cap is
                # LoginStarvationIT's subject, and deadlines shorter than the handshake's would close them first.
                switchboard.transport.max-pending-per-address = 100000
                switchboard.transport.first-message-timeout = 5s
                switchboard.transport.handshake-queue-timeout = 60s
                """);
        server = ServerProcess.start(dir.resolve("server"), "--config", conf.toString());
        users = new Users(server, dir.resolve("clients"), 920);
    }

    /**
     * Each test starts with an idle gate. The tests share one server, and the queue-full test leaves up to 1,002
     * connections closing behind it: the server learns of each close only as it reaches it, so the next test's
     * clients found the queue still full and were closed before the server's first reply (the flake in the
     * thirty-clients test, which the e2e log level used to hide).
     */
    @BeforeEach
    void gateIsIdle() {
        Await.until("no connection holds or waits for a handshake slot", Duration.ofSeconds(30),
                () -> metric("switchboard_handshakes_in_flight").equals("0.0")
                        && metric("switchboard_handshakes_queued").equals("0.0"));
    }

    @AfterAll
    static void stopServer() throws Exception {
        users.close();
        server.close();
    }

    @Test
    void thirtyClientsRegisteringAtOnceThroughTwoSlotsAllGetIn() throws Exception {
        List<CompletableFuture<User>> registrations = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            registrations.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return users.register();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        try {
            CompletableFuture.allOf(registrations.toArray(new CompletableFuture[0])).get(120, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("a registration failed; the server said:\n" + server.output(), e);
        }
        assertThat(registrations).allMatch(r -> r.join().client.isLoggedIn());
    }

    @Test
    void aClientQueuedBehindSilentConnectionsGetsInOnceTheirHandshakesTimeOut() throws Exception {
        try (Socket silent1 = silentConnection(); Socket silent2 = silentConnection()) {
            // Accepted connections reach the gate from several event loops; the silent ones must hold both slots.
            Await.until("the silent connections hold both slots", Duration.ofSeconds(5),
                    () -> metric("switchboard_handshakes_in_flight").equals("2.0"));
            long started = System.nanoTime();
            User user = users.register();
            long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertThat(user.client.isLoggedIn()).isTrue();
            assertThat(waitedMillis).as("it waited for a slot held by a silent connection").isGreaterThan(1_000);
            assertThat(closedByServer(silent1)).as("the silent connection was closed at its timeout").isTrue();
            assertThat(closedByServer(silent2)).isTrue();
        }
    }

    @Test
    void aQueuedClientThatGivesUpIsClosedAtOnceAndLeavesTheQueue() throws Exception {
        try (Socket silent1 = silentConnection(); Socket silent2 = silentConnection();
             Socket quitter = silentConnection()) {
            Await.until("one connection waits", Duration.ofSeconds(5),
                    () -> metric("switchboard_handshakes_queued").equals("1.0"));
            quitter.getOutputStream().write(new byte[32]); // a message 1 it will never see answered
            quitter.shutdownOutput();
            long started = System.nanoTime();
            assertThat(closedByServer(quitter)).isTrue();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
                    .as("closed before any slot freed (the silent ones hold theirs for 5 s)").isLessThan(1_500);
        }
    }

    @Test
    void aConnectionFindingTheQueueFullIsClosedAtOnce() throws Exception {
        List<Socket> holders = new ArrayList<>();
        try {
            // Two hold the slots and 1,000 fill the queue; the next one is refused without waiting for a timeout.
            for (int i = 0; i < 1_002; i++) {
                holders.add(silentConnection());
            }
            // Accepted connections reach the gate from several event loops; wait until all of them did.
            Await.until("the handshake queue is full", Duration.ofSeconds(10),
                    () -> metric("switchboard_handshakes_queued").equals("1000.0"));
            try (Socket refused = silentConnection()) {
                long started = System.nanoTime();
                assertThat(closedByServer(refused)).as("closed").isTrue();
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).as("at once, not at a timeout")
                        .isLessThan(1_000);
            }
            assertThat(metric("switchboard_handshakes_refused_total")).isNotEqualTo("0.0");
        } finally {
            for (Socket s : holders) {
                s.close();
            }
        }
    }

    private static String metric(String name) {
        return Metrics.of(server).value(name);
    }

    /** A connection that sends the connection header and then nothing, holding or waiting for a slot. */
    private static Socket silentConnection() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
        socket.getOutputStream().write(new byte[] {'S', 'B', 1, 1});
        socket.getOutputStream().flush();
        return socket;
    }

    private static boolean closedByServer(Socket socket) throws IOException {
        socket.setSoTimeout(5_000);
        InputStream in = socket.getInputStream();
        try {
            while (true) {
                if (in.read() == -1) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            // Closing with the unread connection header still buffered makes the kernel send a reset.
            return true;
        }
    }
}

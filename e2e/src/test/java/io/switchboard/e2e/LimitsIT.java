// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.e2e;

import io.switchboard.client.ClientDirectory;
import io.switchboard.client.ClientSettings;
import io.switchboard.client.ClientTransport;
import io.switchboard.client.StanzaErrorException;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.crypto.SignalX25519;
import io.switchboard.e2e.Users.User;
import io.switchboard.protocol.id.UserId;
import io.switchboard.protocol.node.Node;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.ServerExtension;
import io.switchboard.testkit.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rate limits against a real server process (issue 16): they count per account, so reconnecting does not refill
 * them; a sender over its message rate gets 429 with a hint and the SDK still delivers every message once;
 * registration's wrong guesses survive a restart; dev mode's codes.log is readable by its owner only.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LimitsIT {
    /** Bundle fetches: 10 at once, then one every 100 s; messages: 20 at once, then 20 a second. */
    private static final String LIMITS = """
            switchboard.registration.codes-per-address-per-hour = 1000000
            switchboard.limits.bundle-fetches { per-second = 0.01, burst = 10 }
            switchboard.limits.messages { per-second = 20, burst = 20 }
            """;

    @TempDir
    static Path dir;
    @RegisterExtension
    static final ServerExtension extension = ServerExtension.create().config(LIMITS);
    static ServerProcess server;
    static Users users;
    static ClientTransport transport;

    @BeforeAll
    static void openUsers() throws Exception {
        server = extension.process();
        users = new Users(server, dir.resolve("clients"), 410);
        transport = ClientTransport.create(1);
    }

    @AfterAll
    static void closeUsers() throws Exception {
        transport.close();
        users.close();
    }

    @Test
    void reconnectingDoesNotRefillTheBundleFetchLimit() throws Exception {
        User mallory = users.register();
        User victim = users.register();
        mallory.client.close();
        int fetched = 0;
        try (RawConnection raw = raw(mallory)) {
            for (int i = 0; i < 10; i++) {
                raw.send(fetchBundle(victim.id, "f" + i));
                Node reply = raw.next("iq");
                assertThat(reply.attr("type")).as("fetch %d of the burst", i).isEqualTo("result");
                fetched++;
            }
        }
        List<String> afterReconnects = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            try (RawConnection raw = raw(mallory)) {
                raw.send(fetchBundle(victim.id, "r" + round));
                Node error = raw.next("iq").child("error");
                afterReconnects.add(error == null ? "result" : error.attr("code"));
                if (error != null) {
                    assertThat(Long.parseLong(error.attr("retry-after"))).isPositive();
                }
            }
        }
        assertThat(fetched).isEqualTo(10);
        assertThat(afterReconnects).as("every fetch after a reconnect").containsOnly("429");
    }

    @Test
    void aSenderOverItsRateGets429WithAHintAndTheSdkStillDeliversEveryMessageOnce() throws Exception {
        User alice = users.register();
        User bob = users.register();
        List<CompletableFuture<?>> acks = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            acks.add(alice.client.send(bob.id, "m" + i));
        }
        long started = System.nanoTime();
        CompletableFuture.allOf(acks.toArray(new CompletableFuture[0])).get(120, TimeUnit.SECONDS);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        Await.until("bob receives all 100", Duration.ofSeconds(60), () -> bob.messages.size() >= 100);
        assertThat(new HashSet<>(bob.texts())).hasSize(100);
        assertThat(bob.texts()).hasSize(100);
        // 20 at once, then 20 a second: the other 80 take about 4 s.
        assertThat(millis).as("the SDK waited out the limit").isGreaterThanOrEqualTo(3_000);

        bob.client.acceptUnencrypted(true);
        alice.client.close();
        try (RawConnection raw = raw(alice)) {
            List<Node> replies = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                raw.send(Node.builder("message").attr("to", bob.id.address()).attr("id", "x" + i)
                        .child(Node.builder("body").bytes("burst".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                        .build());
            }
            for (int i = 0; i < 40; i++) {
                replies.add(raw.next("ack"));
            }
            List<Node> refused = replies.stream().filter(ack -> "429".equals(ack.attr("error"))).toList();
            assertThat(refused).as("past the burst of 20").isNotEmpty();
            assertThat(refused).allSatisfy(ack -> assertThat(Long.parseLong(ack.attr("retry-after")))
                    .isBetween(1L, 1_000L));
        }
    }

    @Test
    void wrongRegistrationGuessesSurviveARestartAndANewCode() throws Exception {
        UserId victim = new UserId("15554109999");
        try (SwitchboardClient client = guesser("guesser-1")) {
            String code = client.register(victim.phone()).get(30, TimeUnit.SECONDS).devCode().orElseThrow();
            for (int i = 0; i < 3; i++) {
                assertThat(errorCode(client.verify(victim.phone(), wrong(code)))).isEqualTo(401);
            }
        }
        server.terminate(Duration.ofSeconds(30));
        server.restartOnSamePort();
        try (SwitchboardClient client = guesser("guesser-2")) {
            String code = client.register(victim.phone()).get(30, TimeUnit.SECONDS).devCode().orElseThrow();
            assertThat(errorCode(client.verify(victim.phone(), wrong(code)))).isEqualTo(401);
            assertThat(errorCode(client.verify(victim.phone(), wrong(code)))).as("the fifth of the hour")
                    .isEqualTo(403);
            assertThat(errorCode(client.verify(victim.phone(), code))).as("even the right code").isEqualTo(403);
        }
    }

    @Test
    void devModeWritesCodesLogReadableByItsOwnerOnly() throws Exception {
        users.register();
        Path codesLog = server.dataDir().resolve("codes.log");
        assertThat(codesLog).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(codesLog))).isEqualTo("rw-------");
        assertThat(server.output()).contains("DEV MODE: registration codes are logged and appended to");
    }

    private static SwitchboardClient guesser(String name) throws Exception {
        return SwitchboardClient.open(ClientSettings.of(dir.resolve(name),
                List.of(new InetSocketAddress("127.0.0.1", server.port()))));
    }

    private static String wrong(String code) {
        return code.equals("000000") ? "111111" : "000000";
    }

    private static RawConnection raw(User user) throws Exception {
        return new RawConnection(transport, server.port(),
                ClientDirectory.open(user.dir).deviceKey(new SignalX25519()).orElseThrow(), Node.of("login"));
    }

    private static Node fetchBundle(UserId owner, String id) {
        return Node.builder("iq").attr("id", id).attr("type", "get")
                .child(Node.builder("keys").attr("jid", owner.address())).build();
    }

    private static int errorCode(CompletableFuture<?> call) throws Exception {
        try {
            call.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StanzaErrorException s) {
                return s.code();
            }
            throw e;
        }
        throw new AssertionError("the call succeeded");
    }
}

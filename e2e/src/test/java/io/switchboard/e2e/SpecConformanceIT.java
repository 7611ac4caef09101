// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.e2e;

import io.switchboard.client.ClientDirectory;
import io.switchboard.client.ClientTransport;
import io.switchboard.crypto.SignalX25519;
import io.switchboard.e2e.Users.User;
import io.switchboard.protocol.node.Node;
import io.switchboard.testkit.ServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What PROTOCOL.md promises a client written from the spec alone, where the Java SDK would hide it: a top-level
 * {@code <error>} names the stanza it answers (§11.6), the stored backlog ends with {@code <offline count/>} (§12.2),
 * and a message to a number that never registered is refused, not kept (§11.2). One server for the class.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SpecConformanceIT {

    @TempDir
    static Path dir;
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create().config(Users.TEST_CONFIG);
    static Users users;
    static ClientTransport transport;

    @BeforeAll
    static void openUsers() throws Exception {
        users = new Users(server.process(), dir.resolve("clients"), 950);
        transport = ClientTransport.create(1);
    }

    @AfterAll
    static void closeUsers() throws Exception {
        transport.close();
        users.close();
    }

    @Test
    void anUnknownStanzaIsRefusedWithAnErrorNamingItsTagAndIdAndTheConnectionStaysOpen() throws Exception {
        try (RawConnection raw = loggedIn(users.register())) {
            raw.send(Node.builder("bogus").attr("id", "z1").build());
            Node error = raw.next("error");
            assertThat(error.attr("code")).isEqualTo("400");
            assertThat(error.attr("class")).isEqualTo("bogus");
            assertThat(error.attr("id")).isEqualTo("z1");
            assertStillAnswers(raw);
        }
    }

    @Test
    void anAckWithoutFromIsRefusedWithAnErrorNamingTheAck() throws Exception {
        try (RawConnection raw = loggedIn(users.register())) {
            raw.send(Node.builder("ack").attr("class", "message").attr("id", "c4").build());
            Node error = raw.next("error");
            assertThat(error.attr("code")).isEqualTo("400");
            assertThat(error.attr("class")).isEqualTo("ack");
            assertThat(error.attr("id")).isEqualTo("c4");
            assertStillAnswers(raw);
        }
    }

    @Test
    void aStanzaOtherThanRegistrationOnARegistrationConnectionIsRefusedNamingItAndRegistrationGoesOn()
            throws Exception {
        try (RawConnection raw = new RawConnection(transport, server.port(), new SignalX25519().generateKeyPair(),
                Node.of("register"))) {
            assertThat(raw.firstReply.attr("mode")).isEqualTo("register");
            raw.send(message("15559500999@s.switchboard", "r1", "too early"));
            Node error = raw.next("error");
            assertThat(error.attr("code")).isEqualTo("400");
            assertThat(error.attr("class")).isEqualTo("message");
            assertThat(error.attr("id")).isEqualTo("r1");
            raw.send(Node.builder("iq").attr("id", "2").attr("type", "set")
                    .child(Node.builder("register").attr("phone", "+15559500998")).build());
            Node result = raw.next("iq");
            assertThat(result.attr("type")).isEqualTo("result");
            assertThat(result.child("register").attr("status")).isEqualTo("code-sent");
        }
    }

    @Test
    void loginPushesTheStoredBacklogThenOneOfflineMarkerCountingIt() throws Exception {
        User alice = users.register();
        User bob = users.register();
        bob.client.close();
        try (RawConnection raw = loggedIn(alice)) {
            for (String id : List.of("b1", "b2")) {
                raw.send(message(bob.id.address(), id, "while you were away"));
                assertThat(raw.next("ack").attr("error")).as("ack of " + id).isNull();
            }
        }
        try (RawConnection bobRaw = loggedIn(bob)) {
            List<String> seen = new ArrayList<>();
            while (seen.isEmpty() || !seen.get(seen.size() - 1).startsWith("offline")) {
                Node node = bobRaw.received.poll(30, TimeUnit.SECONDS);
                assertThat(node).as("the next stanza after " + seen).isNotNull();
                if (node.tag().equals("message")) {
                    seen.add(node.attr("id"));
                } else if (node.tag().equals("offline")) {
                    seen.add("offline " + node.attr("count"));
                }
            }
            assertThat(seen).containsExactly("b1", "b2", "offline 2");
        }
    }

    @Test
    void aLoginWithNothingStoredGetsAnOfflineMarkerOfZero() throws Exception {
        try (RawConnection raw = loggedIn(users.register())) {
            assertThat(raw.next("offline").attr("count")).isEqualTo("0");
        }
    }

    @Test
    void aMessageToANumberThatNeverRegisteredIsRefusedWith404() throws Exception {
        try (RawConnection raw = loggedIn(users.register())) {
            raw.send(message("15559500404@s.switchboard", "n1", "anyone there?"));
            Node ack = raw.next("ack");
            assertThat(ack.attr("id")).isEqualTo("n1");
            assertThat(ack.attr("error")).isEqualTo("404");
            assertThat(ack.attr("text")).contains("no such user");
        }
    }

    private RawConnection loggedIn(User user) throws Exception {
        user.client.close();
        return new RawConnection(transport, server.port(),
                ClientDirectory.open(user.dir).deviceKey(new SignalX25519()).orElseThrow(), Node.of("login"));
    }

    /** The connection still works: a ping is answered. */
    private static void assertStillAnswers(RawConnection raw) throws Exception {
        raw.send(Node.builder("iq").attr("id", "p1").attr("type", "get").child(Node.of("ping")).build());
        assertThat(raw.next("iq").attr("type")).isEqualTo("result");
    }

    private static Node message(String to, String id, String text) {
        return Node.builder("message").attr("to", to).attr("id", id)
                .child(Node.builder("body").bytes(text.getBytes(StandardCharsets.UTF_8))).build();
    }
}

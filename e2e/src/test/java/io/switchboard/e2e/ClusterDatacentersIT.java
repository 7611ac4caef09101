// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.client.GroupInfo;
import io.switchboard.client.MessageAck;
import io.switchboard.client.Receipt;
import io.switchboard.e2e.Users.User;
import io.switchboard.testkit.ChildJvm;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two datacenters of two nodes each, in one Pekko cluster on one PostgreSQL schema: each user's entity runs in its
 * home datacenter only, messages and receipts cross between datacenters, and a user connected to the other
 * datacenter is served by its home entity one hop away.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ClusterDatacentersIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    static TestCluster cluster;
    static List<Users> usersByNode;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = TestCluster.start(dir, List.of("east", "east", "west", "west"));
        usersByNode = cluster.usersOnEachNode(dir, 950);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void usersHomedInDifferentDatacentersChatAndReceiptsCrossBack() throws Exception {
        User alice = usersByNode.get(0).register(); // east
        User bob = usersByNode.get(3).register();   // west

        MessageAck ack = alice.client.send(bob.id, "hello west").get(WAIT.toSeconds(), TimeUnit.SECONDS);
        Await.until("bob, in the west, has it", WAIT, () -> bob.texts().contains("hello west"));
        Await.until("alice learns it was delivered", WAIT, () -> alice.receiptsOf(Receipt.Type.DELIVERY) == 1);
        bob.client.markRead(alice.id, ack.id()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        Await.until("and that it was read", WAIT, () -> alice.receiptsOf(Receipt.Type.READ) == 1);
        bob.client.send(alice.id, "hello east").get(WAIT.toSeconds(), TimeUnit.SECONDS);
        Await.until("alice has the answer", WAIT, () -> alice.texts().contains("hello east"));

        assertThat(home(1, alice.id.digits())).isEqualTo("east");
        assertThat(home(1, bob.id.digits())).isEqualTo("west");
    }

    @Test
    void aUserConnectedToTheOtherDatacenterIsServedByItsHomeEntity() throws Exception {
        User carol = usersByNode.get(1).register(); // registered in the east: her home
        User dave = usersByNode.get(2).register();  // west
        carol.client.close();
        User carolInTheWest = usersByNode.get(2).reopen(carol);
        carolInTheWest.login();

        dave.client.send(carol.id, "found you").get(WAIT.toSeconds(), TimeUnit.SECONDS);
        Await.until("carol, connected in the west, has it", WAIT,
                () -> carolInTheWest.texts().contains("found you"));
        carolInTheWest.client.send(dave.id, "from the west").get(WAIT.toSeconds(), TimeUnit.SECONDS);
        Await.until("dave has her answer", WAIT, () -> dave.texts().contains("from the west"));
        Await.until("dave learns his message was delivered", WAIT,
                () -> dave.receiptsOf(Receipt.Type.DELIVERY) == 1);

        assertThat(home(1, carol.id.digits())).isEqualTo("east");
        Await.until("carol's entity runs in the east and not in the west", WAIT,
                () -> hostedOn(List.of(cluster.node(0), cluster.node(1)), carol.id.digits())
                        && !hostedOn(List.of(cluster.node(2), cluster.node(3)), carol.id.digits()));
    }

    @Test
    void aGroupSpanningBothDatacentersReachesEveryMemberInOrder() throws Exception {
        User admin = usersByNode.get(0).register();  // east: the group's home
        User second = usersByNode.get(2).register(); // west
        User third = usersByNode.get(3).register();  // west
        User fourth = usersByNode.get(1).register(); // east
        GroupInfo group = admin.client.createGroup("Both sides", List.of(second.id, third.id, fourth.id))
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);

        List<CompletableFuture<MessageAck>> sent = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sent.add(admin.client.sendToGroup(group.id(), "both sides " + i));
            expected.add("both sides " + i);
        }
        CompletableFuture.allOf(sent.toArray(new CompletableFuture[0])).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        for (User member : List.of(second, third, fourth)) {
            Await.until(member.id + " has all 20, in order", WAIT, () -> member.texts().equals(expected));
        }
        MessageAck last = sent.get(19).join();
        Await.until("the sender learns the last one reached every member", WAIT, () -> admin.receipts.stream()
                .anyMatch(r -> r.group().isPresent() && r.type() == Receipt.Type.DELIVERY
                        && r.id().equals(last.id())));
        assertThat(home(2, group.id().value())).isEqualTo("east");
    }

    @Test
    void anOperatorMovesAUsersHomeAndItsMessagesFollow() throws Exception {
        User erin = usersByNode.get(0).register();  // east
        User frank = usersByNode.get(3).register(); // west
        frank.client.send(erin.id, "before the move").get(WAIT.toSeconds(), TimeUnit.SECONDS);
        Await.until("erin has the first one", WAIT, () -> erin.texts().contains("before the move"));

        String moved = admin("home", "--admin", "127.0.0.1:" + cluster.node(1).adminPort(), "--admin-token",
                TestCluster.ADMIN_TOKEN, "--user", erin.id.digits(), "--move-to", "west");
        assertThat(moved).contains("home west");
        assertThat(home(1, erin.id.digits())).isEqualTo("west");

        frank.client.send(erin.id, "after the move").get(WAIT.toSeconds(), TimeUnit.SECONDS);
        Await.until("erin, still connected in the east, has the next one", WAIT,
                () -> erin.texts().contains("after the move"));
        erin.client.send(frank.id, "still here").get(WAIT.toSeconds(), TimeUnit.SECONDS);
        Await.until("frank has her answer", WAIT, () -> frank.texts().contains("still here"));
        Await.until("erin's entity now runs in the west", WAIT,
                () -> hostedOn(List.of(cluster.node(2), cluster.node(3)), erin.id.digits()));
        assertThat(erin.texts()).containsOnlyOnce("before the move", "after the move");
    }

    /** Runs {@code switchboard admin ARGS} in a JVM of its own; returns what it printed, after a zero exit. */
    private static String admin(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("admin"));
        command.addAll(List.of(args));
        Process p = ChildJvm.start("cli-admin", List.of("-XX:TieredStopAtLevel=1"),
                "io.switchboard.cli.SwitchboardCommand", command, builder -> builder.redirectErrorStream(true));
        String text = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(text).isZero();
        return text;
    }

    /** The home recorded in the store: kind 1 is a user, 2 a group. */
    private static String home(int kind, String id) throws Exception {
        return cluster.schema().queryString("SELECT datacenter FROM home WHERE kind = ? AND id = ?", kind, id);
    }

    /** Whether any of {@code nodes} runs the user entity {@code id} right now ({@code GET /entity} on each). */
    private static boolean hostedOn(List<ServerProcess> nodes, String id) {
        try {
            for (ServerProcess node : nodes) {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                                + node.adminPort() + "/entity?type=User&id=" + id))
                                .header("Authorization", "Bearer " + TestCluster.ADMIN_TOKEN).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                if (JSON.readTree(response.body()).get("hosted_here").asBoolean()) {
                    return true;
                }
            }
            return false;
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException("GET /entity failed", e);
        }
    }
}

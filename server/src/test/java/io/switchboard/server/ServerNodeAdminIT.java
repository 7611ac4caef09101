// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.protocol.id.MessageId;
import io.switchboard.protocol.id.UserId;
import io.switchboard.server.store.EntryKind;
import io.switchboard.server.user.UserEntity;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole node (embedded store, a cluster of one, ports bound on 127.0.0.1:0) and its admin port: {@code /health}
 * carries the cluster this node sees and {@code /metrics} the shards and entities it hosts (refreshed every 5 s).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ServerNodeAdminIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private ServerNode node;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        Config config = ConfigFactory.parseMap(Map.of(
                        "switchboard.data-dir", dir.toString(),
                        "switchboard.transport.host", "127.0.0.1",
                        "switchboard.transport.port", 0,
                        "switchboard.admin.host", "127.0.0.1",
                        "switchboard.admin.port", 0,
                        "switchboard.store.kind", "embedded",
                        "switchboard.store.jdbc-url", ""))
                .withFallback(ConfigFactory.load()).resolve();
        node = ServerNode.start(config);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.adminPort() + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private double metric(String sample) throws Exception {
        return get("/metrics").body().lines().filter(l -> l.startsWith(sample + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(sample.length() + 1)))
                .orElseThrow(() -> new AssertionError("no sample " + sample));
    }

    @Test
    void healthOfAClusterOfOneCountsItselfUpInTheDefaultDatacenter() {
        TestProbe.create(node.system()).awaitAssert(WAIT, () -> {
            HttpResponse<String> health = get("/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo(
                    "{\"status\":\"ready\",\"members_up\":1,\"members_unreachable\":0,\"datacenter\":\"default\"}");
            return null;
        });
    }

    @Test
    void metricsCountTheShardsAndEntitiesThisNodeHosts() throws Exception {
        assertThat(metric("switchboard_shards{type=\"Group\"}")).isZero();

        TestProbe<UserEntity.StoreReply> reply = TestProbe.create(node.system());
        ClusterSharding.get(node.system()).entityRefFor(UserEntity.TYPE_KEY, "15551230002")
                .tell(UserEntity.Store.of(new UserId("15551230001"), new MessageId("m1"), EntryKind.MESSAGE, 1_000,
                        new byte[] {1}, reply.getRef()));
        // No account has that number, so the entity refuses the message; it ran to answer, which is what counts here.
        assertThat(reply.expectMessageClass(UserEntity.StoreRefused.class, WAIT).code()).isEqualTo(404);

        // The entity stays up for the 30 s idle timeout: long enough for a refresh to see it.
        reply.awaitAssert(WAIT, () -> {
            assertThat(metric("switchboard_shards{type=\"User\"}")).isEqualTo(1.0);
            assertThat(metric("switchboard_entities{type=\"User\"}")).isEqualTo(1.0);
            return null;
        });
        assertThat(metric("switchboard_shards{type=\"Group\"}")).isZero();
        assertThat(metric("switchboard_cluster_members_up")).isEqualTo(1.0);
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.ops;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
class AdminServerTest {
    private final ServerMetrics metrics = new ServerMetrics();
    private final AtomicReference<Readiness.Status> status = new AtomicReference<>(Readiness.Status.STARTING);
    private final AtomicReference<ClusterHealth> cluster = new AtomicReference<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private AdminServer admin;

    private HttpResponse<String> get(String path) throws Exception {
        if (admin == null) {
            admin = AdminServer.start(new AdminSettings("127.0.0.1", 0), metrics, status::get);
        }
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @AfterEach
    void close() {
        if (admin != null) {
            admin.close();
        }
        metrics.close();
    }

    @Test
    void metricsAreServedInPrometheusTextFormat() throws Exception {
        metrics.loggedIn();
        HttpResponse<String> response = get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.body()).contains("switchboard_logins_total 1.0");
    }

    @Test
    void healthIsUnavailableUntilReadyThenOk() throws Exception {
        HttpResponse<String> starting = get("/health");
        assertThat(starting.statusCode()).isEqualTo(503);
        assertThat(starting.body()).isEqualTo("{\"status\":\"starting\"}");

        status.set(Readiness.Status.READY);
        HttpResponse<String> ready = get("/health");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("{\"status\":\"ready\"}");

        status.set(Readiness.Status.STOPPING);
        assertThat(get("/health").body()).isEqualTo("{\"status\":\"stopping\"}");
    }

    @Test
    void healthIsUnavailableWhileTheStoreCannotWrite() throws Exception {
        status.set(Readiness.Status.STORE_UNWRITABLE);
        HttpResponse<String> unwritable = get("/health");
        assertThat(unwritable.statusCode()).isEqualTo(503);
        assertThat(unwritable.body()).isEqualTo("{\"status\":\"store-unwritable\"}");
    }

    private void startOnAClusterNode() throws Exception {
        admin = AdminServer.start(new AdminSettings("127.0.0.1", 0), metrics, status::get, cluster::get, () -> "{}");
    }

    @Test
    void healthOnAClusterNodeCarriesTheClusterAsItSeesIt() throws Exception {
        startOnAClusterNode();
        status.set(Readiness.Status.READY);
        cluster.set(new ClusterHealth(3, 0, "default"));

        HttpResponse<String> ready = get("/health");

        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body())
                .isEqualTo("{\"status\":\"ready\",\"members_up\":3,\"members_unreachable\":0,"
                        + "\"datacenter\":\"default\"}");
    }

    @Test
    void aNodeThatSeesUnreachableMembersIsStillReady() throws Exception {
        startOnAClusterNode();
        status.set(Readiness.Status.READY);
        cluster.set(new ClusterHealth(2, 1, "eu-west"));

        HttpResponse<String> health = get("/health");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body())
                .isEqualTo("{\"status\":\"ready\",\"members_up\":2,\"members_unreachable\":1,"
                        + "\"datacenter\":\"eu-west\"}");
    }

    @Test
    void aStartingClusterNodeIsUnavailableAndSaysWhatItSeesSoFar() throws Exception {
        startOnAClusterNode();
        cluster.set(new ClusterHealth(0, 0, "default"));

        HttpResponse<String> starting = get("/health");

        assertThat(starting.statusCode()).isEqualTo(503);
        assertThat(starting.body())
                .isEqualTo("{\"status\":\"starting\",\"members_up\":0,\"members_unreachable\":0,"
                        + "\"datacenter\":\"default\"}");
    }

    @Test
    void otherPathsAreNotFoundAndOtherMethodsNotAllowed() throws Exception {
        assertThat(get("/").statusCode()).isEqualTo(404);
        assertThat(get("/metrics/x").statusCode()).isEqualTo(404);
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + admin.port() + "/metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    @Test
    void withATokenMetricsNeedsItAndHealthDoesNot() throws Exception {
        String token = "server-token-0123456789";
        admin = AdminServer.start(new AdminSettings("127.0.0.1", 0).withToken(token), metrics, status::get);
        status.set(Readiness.Status.READY);

        HttpResponse<String> without = get("/metrics");
        assertThat(without.statusCode()).isEqualTo(401);
        assertThat(without.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
        assertThat(send("/metrics", "Bearer not-the-token-at-all").statusCode()).isEqualTo(401);
        HttpResponse<String> with = send("/metrics", "Bearer " + token);
        assertThat(with.statusCode()).isEqualTo(200);
        assertThat(with.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(get("/health").statusCode()).isEqualTo(200);
        assertThat(get("/cluster").statusCode()).isEqualTo(401);
    }

    @Test
    void aShortTokenIsRefusedAtStartWithWhatToDo() {
        assertThatThrownBy(() -> new AdminSettings("127.0.0.1", 0).withToken("short"))
                .hasMessageContaining("switchboard.admin.token").hasMessageContaining("openssl rand -hex 16");
        assertThat(new AdminSettings("127.0.0.1", 0).withToken("a-long-secret-token-value").toString())
                .doesNotContain("a-long-secret-token-value");
    }

    private HttpResponse<String> send(String path, String authorization) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + path))
                .header("Authorization", authorization).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

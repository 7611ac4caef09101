// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.e2e;

import io.switchboard.e2e.Users.User;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.ServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin port of a real server process: {@code /health} turns ready and {@code /metrics} moves with traffic. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class OperationsIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern SAMPLE = Pattern.compile(
            "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\]|\\\\.)*\",?)*})? "
                    + "(-?[0-9.eE+-]+|NaN|[+-]Inf)");

    @TempDir
    static Path dir;
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create().config(Users.TEST_CONFIG);
    static Users users;
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void openUsers() throws Exception {
        users = new Users(server.process(), dir.resolve("clients"), 400);
    }

    @AfterAll
    static void closeUsers() throws Exception {
        users.close();
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.adminPort() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> samples() throws Exception {
        HttpResponse<String> response = get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValue("text/plain; version=0.0.4; charset=utf-8");
        return response.body().lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    }

    private static double value(List<String> samples, String sample) {
        return samples.stream().filter(l -> l.startsWith(sample + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(sample.length() + 1)))
                .orElseThrow(() -> new AssertionError("no sample " + sample + " in " + samples));
    }

    private static boolean ready() {
        try {
            HttpResponse<String> health = get("/health");
            return health.statusCode() == 200 && health.body().equals(
                    "{\"status\":\"ready\",\"members_up\":1,\"members_unreachable\":0,\"datacenter\":\"default\"}");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void healthBecomesReady() {
        Await.until("/health answers ready", WAIT, OperationsIT::ready);
    }

    @Test
    void entityIsRefusedWhenTheNodeHasNoAdminToken() throws Exception {
        HttpResponse<String> entity = get("/entity?type=User&id=15551230001");

        assertThat(entity.statusCode()).isEqualTo(403);
        assertThat(entity.body()).contains("--admin-token");
    }

    @Test
    void metricsParseAsPrometheusTextAndMoveWithTraffic() throws Exception {
        List<String> before = samples();
        assertThat(before).isNotEmpty().allSatisfy(l -> assertThat(l).matches(SAMPLE));
        assertThat(before).anyMatch(l -> l.startsWith("jvm_memory_used_bytes{"));

        User alice = users.register();
        User bob = users.register();
        alice.client.send(bob.id, "counted, not logged").get(30, TimeUnit.SECONDS);
        Await.until("bob receives the message", WAIT, () -> bob.messages.size() == 1);

        List<String> after = samples();
        assertThat(after).allSatisfy(l -> assertThat(l).matches(SAMPLE));
        assertThat(value(after, "switchboard_registrations_total"))
                .isGreaterThanOrEqualTo(value(before, "switchboard_registrations_total") + 2);
        assertThat(value(after, "switchboard_logins_total"))
                .isGreaterThanOrEqualTo(value(before, "switchboard_logins_total") + 2);
        assertThat(value(after, "switchboard_stanzas_in_total{type=\"message\"}"))
                .isGreaterThanOrEqualTo(value(before, "switchboard_stanzas_in_total{type=\"message\"}") + 1);
        assertThat(value(after, "switchboard_stanzas_out_total{type=\"message\"}")).isGreaterThanOrEqualTo(1);
        assertThat(value(after, "switchboard_one_check_seconds_count")).isGreaterThanOrEqualTo(1);
        assertThat(value(after, "switchboard_connections")).isGreaterThanOrEqualTo(2);
        assertThat(value(after, "switchboard_store_commits_total")).isGreaterThanOrEqualTo(1);
    }
}

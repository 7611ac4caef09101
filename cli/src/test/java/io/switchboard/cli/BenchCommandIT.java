// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.testkit.ServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code switchboard bench} at a tiny size, each scenario once: the run ends by itself, and its {@code result.json}
 * holds sane figures (throughput above zero, nothing lost, percentiles in order) beside the summary and the charts.
 * No figure is held to a floor: a functional test checks what happened, and the machine's speed is the benchmarks'
 * business (docs/BENCHMARKS.md).
 * {@code one-to-one} starts its own embedded server; the others share one running server ({@code --server}).
 */
@Timeout(120)
class BenchCommandIT {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create()
            .config("switchboard.registration.codes-per-address-per-hour = 1000000")
            .config("switchboard.registration.codes-per-number-per-hour = 1000000");

    @Test
    void oneToOneOnAnEmbeddedServerDeliversEveryMessageItWasDue(@TempDir Path out) throws Exception {
        JsonNode result = bench(out, "one-to-one", "--embedded", "--pairs", "4", "--rate", "200", "--duration", "2",
                "--warmup", "0.5", "--drain", "10");
        JsonNode f = result.get("figures");
        assertThat(f.get("due").asLong()).isEqualTo(400);
        assertThat(f.get("delivered").asLong()).isEqualTo(400);
        assertThat(f.get("lost").asLong()).isZero();
        assertThat(f.get("refused_outbox_full").asLong()).isZero();
        // How fast is the machine's business, not this test's: a busy one delivers the same 400 more slowly.
        assertThat(f.get("delivered_per_second").asDouble()).isPositive();
        assertOrdered(f, "e2e");
        assertOrdered(f, "ack");
        assertThat(result.get("target").get("mode").asText()).isEqualTo("embedded");
        assertThat(result.get("server").get("rss_mib").asDouble()).isPositive();
    }

    @Test
    void oneToOneSweepStepsTheRateUpAndNamesTheHighestItHeld(@TempDir Path out) throws Exception {
        JsonNode result = bench(out, "one-to-one", "--server", "127.0.0.1:" + server.port(), "--pairs", "2",
                "--rate", "100", "--duration", "1", "--warmup", "0", "--sweep", "--step-factor", "2",
                "--max-rate", "200", "--p99-bound", "60000"); // a bound a busy machine cannot miss
        assertThat(result.get("steps")).hasSize(2);
        assertThat(result.get("figures").get("highest_sustained_rate_per_second").asDouble()).isEqualTo(200.0);
        assertThat(result.get("figures").get("lost").asLong()).isZero();
    }

    @Test
    void groupFanoutReachesEveryMember(@TempDir Path out) throws Exception {
        JsonNode result = bench(out, "group", "--server", "127.0.0.1:" + server.port(), "--server-pid",
                Long.toString(server.process().pid()), "--members", "8", "--messages", "20", "--warmup", "5",
                "--duration", "2", "--window", "4", "--baseline", "1");
        JsonNode f = result.get("figures");
        assertThat(f.get("last_delivery_count").asLong()).isEqualTo(20);
        assertThat(f.get("member_deliveries_per_second").asDouble()).isPositive();
        assertThat(f.get("stray_deliveries").asLong()).isZero();
        assertOrdered(f, "last_delivery");
        assertOrdered(f, "under_load_last_delivery");
        assertThat(result.get("target").get("mode").asText()).isEqualTo("remote");
        assertThat(result.get("server").get("cpu_cores_used").asDouble()).isPositive();
    }

    @Test
    void offlineUsersGetEveryQueuedMessageWhenTheyLogIn(@TempDir Path out) throws Exception {
        JsonNode result = bench(out, "offline", "--server", "127.0.0.1:" + server.port(), "--users", "5",
                "--messages", "50", "--senders", "2");
        JsonNode f = result.get("figures");
        assertThat(f.get("delivered").asLong()).isEqualTo(50);
        assertThat(f.get("lost").asLong()).isZero();
        assertThat(f.get("drain_per_second").asDouble()).isPositive();
        assertThat(f.get("queue_per_second").asDouble()).isPositive();
        assertOrdered(f, "delivery_after_login_start");
    }

    @Test
    void registrationStormRegistersEveryone(@TempDir Path out) throws Exception {
        JsonNode result = bench(out, "register", "--server", "127.0.0.1:" + server.port(), "--count", "20",
                "--concurrency", "4");
        JsonNode f = result.get("figures");
        assertThat(f.get("succeeded").asLong()).isEqualTo(20);
        assertThat(f.get("failed").asLong()).isZero();
        assertThat(f.get("registrations_per_second").asDouble()).isPositive();
        assertOrdered(f, "registration");
    }

    @Test
    void reconnectHoldsConnectionsOverWorkersAndAddressesAndBringsEveryClientBack(@TempDir Path out)
            throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int code = SwitchboardCommand.commandLine(new PrintStream(printed, true, StandardCharsets.UTF_8))
                .execute("bench", "reconnect", "--connections", "120", "--workers", "2", "--mode", "drop",
                        "--out", out.toString());
        assertThat(code).as(printed.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.resolve("summary.md")).isNotEmptyFile();
        assertThat(Files.readAllBytes(out.resolve("connections.png"))).startsWith((byte) 0x89, (byte) 'P');
        JsonNode result = new ObjectMapper().readTree(out.resolve("result.json").toFile()).get("result");
        assertThat(result.get("connections").asInt()).isEqualTo(120);
        assertThat(result.get("registration").get("failed").asInt()).isZero();
        assertThat(result.get("login").get("connections").asInt()).isPositive();
        assertThat(result.get("reconnect").get("back").asInt()).isEqualTo(120);
    }

    /** Runs {@code switchboard bench ARGS --out DIR --quiet}, checks the files, returns result.json. */
    private static JsonNode bench(Path out, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("bench"));
        all.addAll(List.of(args));
        all.addAll(List.of("--out", out.toString(), "--quiet"));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int code = SwitchboardCommand.commandLine(new PrintStream(printed, true, StandardCharsets.UTF_8))
                .execute(all.toArray(new String[0]));
        assertThat(code).as(printed.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("| figure | value |", "results: ");
        for (String file : List.of("result.json", "summary.md", "latency.png", "throughput.png")) {
            assertThat(out.resolve(file)).isNotEmptyFile();
        }
        byte[] png = Files.readAllBytes(out.resolve("latency.png"));
        assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        JsonNode result = new ObjectMapper().readTree(out.resolve("result.json").toFile());
        assertThat(result.get("scenario").asText()).isEqualTo(args[0]);
        assertThat(result.get("machine").get("cores").asInt()).isPositive();
        assertThat(result.get("series")).isNotEmpty();
        assertThat(result.get("latency_percentiles")).isNotEmpty();
        return result;
    }

    private static void assertOrdered(JsonNode figures, String prefix) {
        double p50 = figures.get(prefix + "_p50_ms").asDouble();
        double p90 = figures.get(prefix + "_p90_ms").asDouble();
        double p99 = figures.get(prefix + "_p99_ms").asDouble();
        double p999 = figures.get(prefix + "_p99_9_ms").asDouble();
        double max = figures.get(prefix + "_max_ms").asDouble();
        assertThat(p50).as(prefix + " p50").isPositive();
        assertThat(p50).isLessThanOrEqualTo(p90);
        assertThat(p90).isLessThanOrEqualTo(p99);
        assertThat(p99).isLessThanOrEqualTo(p999);
        assertThat(p999).isLessThanOrEqualTo(max);
    }
}

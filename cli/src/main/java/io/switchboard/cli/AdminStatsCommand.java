// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code switchboard admin stats --admin HOST:PORT}: reads a node's {@code /health} and {@code /metrics} and prints
 * one line per figure an operator looks at first. An unreachable admin port is one error line and exit 1.
 */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Print a short summary of a node's metrics and health.")
final class AdminStatsCommand implements Callable<Integer> {
    private static final String ONE_CHECK = "switchboard_one_check_seconds";

    @Option(names = "--admin", required = true, paramLabel = "HOST:PORT",
            description = "The node's admin address (switchboard server --admin-port).")
    String admin;

    @Mixin
    AdminTokenOption token = new AdminTokenOption();

    private final PrintStream out;

    AdminStatsCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        AdminHttp http = new AdminHttp(admin, token.token());
        HttpResponse<String> health = http.get("/health");
        HttpResponse<String> page = http.get("/metrics");
        if (page.statusCode() != 200) {
            throw new IOException(http.refused("/metrics", page));
        }
        PrometheusText m = PrometheusText.parse(page.body());
        out.println("health: " + status(health));
        out.println("connections: " + count(m.sum("switchboard_connections")));
        out.println("logins: " + count(m.sum("switchboard_logins_total")));
        out.println("registrations: " + count(m.sum("switchboard_registrations_total")));
        out.println("stanzas in: " + byLabel(m, "switchboard_stanzas_in_total", "type"));
        out.println("stanzas out: " + byLabel(m, "switchboard_stanzas_out_total", "type"));
        out.println("one check: " + oneCheck(m));
        out.println("store: " + store(m));
        out.println("errors: " + byLabel(m, "switchboard_connection_errors_total", "code"));
        out.println("heap used: " + mib(m.sum("jvm_memory_used_bytes", l -> "heap".equals(l.get("area")))));
        out.flush();
        return 0;
    }

    private static String status(HttpResponse<String> health) {
        String body = health.body();
        int key = body.indexOf("\"status\":\"");
        String word = key < 0 ? "unknown" : body.substring(key + 10, Math.max(key + 10, body.indexOf('"', key + 10)));
        return word + " (HTTP " + health.statusCode() + ")";
    }

    private static String count(OptionalDouble v) {
        return v.isPresent() ? Long.toString(Math.round(v.getAsDouble())) : "n/a";
    }

    /** The total and its non-zero parts, e.g. {@code 7 (ack 3, message 4)}. */
    private static String byLabel(PrometheusText m, String name, String label) {
        Map<String, Long> parts = new TreeMap<>();
        m.samples().stream().filter(s -> s.name().equals(name) && s.value() > 0)
                .forEach(s -> parts.merge(s.labels().getOrDefault(label, "?"), Math.round(s.value()), Long::sum));
        long total = parts.values().stream().mapToLong(Long::longValue).sum();
        if (parts.isEmpty()) {
            return m.sum(name).isPresent() ? "0" : "n/a";
        }
        StringJoiner line = new StringJoiner(", ", total + " (", ")");
        parts.forEach((k, v) -> line.add(k + " " + v));
        return line.toString();
    }

    private static String oneCheck(PrometheusText m) {
        OptionalDouble n = m.sum(ONE_CHECK + "_count");
        OptionalDouble p50 = m.quantile(ONE_CHECK, 0.50);
        OptionalDouble p99 = m.quantile(ONE_CHECK, 0.99);
        if (n.isEmpty() || p50.isEmpty() || p99.isEmpty()) {
            return "no messages yet";
        }
        return String.format(Locale.ROOT, "p50 %.1f ms, p99 %.1f ms (n=%d)", p50.getAsDouble() * 1000,
                p99.getAsDouble() * 1000, Math.round(n.getAsDouble()));
    }

    private static String store(PrometheusText m) {
        OptionalDouble commits = m.sum("switchboard_store_commits_total");
        OptionalDouble writes = m.sum("switchboard_store_writes_committed_total");
        if (commits.isEmpty() || writes.isEmpty()) {
            return "n/a";
        }
        double c = commits.getAsDouble();
        return String.format(Locale.ROOT, "%d commits, average batch %.1f writes", Math.round(c),
                c == 0 ? 0.0 : writes.getAsDouble() / c);
    }

    private static String mib(OptionalDouble bytes) {
        return bytes.isPresent() ? String.format(Locale.ROOT, "%.1f MiB", bytes.getAsDouble() / (1 << 20)) : "n/a";
    }
}

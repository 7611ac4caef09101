// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.loadgen;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Runs one {@link Scenario}: sets up the {@link Target} (starting an embedded server, or pointing at a running
 * one), shows progress, adds the server's CPU and memory when its process is known, and writes the results
 * directory. The one entry point for the CLI and the tests.
 */
public final class LoadGenerator {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    /**
     * How to run.
     *
     * @param out         results directory; null: {@code bench-results/<scenario>-<timestamp>}
     * @param server      a running server's address, or every node of a running cluster (clients are spread over
     *                    them in turn); null: start an embedded one
     * @param serverPid   the running server's process id (memory and CPU figures), if known
     * @param metricsUrl  the running server's Prometheus endpoint, if known
     * @param serverJvm   JVM options of an embedded server
     * @param progress    where progress goes (stderr), null for none
     * @param terminal    whether progress may rewrite its line (a terminal) or prints plain lines
     * @param commandLine the command as typed, for the report
     */
    public record Options(Path out, List<InetSocketAddress> server, OptionalLong serverPid, Optional<URI> metricsUrl,
            List<String> serverJvm, PrintStream progress, boolean terminal, String commandLine) {
    }

    /** What a run produced. */
    public record Report(Path dir, ScenarioResult result) {
    }

    private LoadGenerator() {
    }

    public static Report run(Scenario scenario, Options options) throws Exception {
        Instant started = Instant.now();
        Path dir = options.out() != null ? options.out()
                : Path.of("bench-results", scenario.name() + "-" + STAMP.format(started));
        Map<String, Object> machine = MachineFacts.now();
        Path work = Files.createTempDirectory("switchboard-bench-");
        try (Target target = options.server() == null
                ? Target.embedded(work.resolve("embedded"), options.serverJvm())
                : Target.remote(options.server(), options.serverPid(), options.metricsUrl())) {
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("started", started.toString());
            run.put("command_line", options.commandLine());
            run.put("target", target.describe());
            run.put("machine", machine);
            if (options.server() == null) {
                run.put("server_jvm", options.serverJvm());
            }
            long wallStart = System.nanoTime();
            double cpuStart = serverCpu(target);
            ScenarioResult result;
            Progress progress = Progress.create(options.progress(), options.terminal(), scenario.name());
            try (progress) {
                result = scenario.run(target, progress);
            } catch (Exception e) {
                if (target.isEmbedded() && !target.serverOutput().isBlank()) {
                    String out = target.serverOutput();
                    throw new IllegalStateException(e.getMessage() + "\nlast server output:\n"
                            + out.substring(Math.max(0, out.length() - 4000)), e);
                }
                throw e;
            }
            if (progress.samples().size() > result.series().size()) {
                result = result.withSeries(progress.samples()); // closing took one last sample
            }
            double wall = (System.nanoTime() - wallStart) / 1e9;
            Map<String, Object> server = serverFigures(target, cpuStart, wall);
            run.put("server", server);
            run.put("duration_seconds", Figures.round1(wall));
            run.put("load_average_at_end", MachineFacts.loadAverage());
            ResultWriter.write(dir, scenario, result, run);
            return new Report(dir, result);
        } finally {
            deleteQuietly(work);
        }
    }

    private static double serverCpu(Target target) {
        if (target.pid().isEmpty()) {
            return -1;
        }
        try {
            return ProcessMemory.cpuSeconds(target.pid().getAsLong());
        } catch (IOException e) {
            return -1;
        }
    }

    /** The server's RSS and CPU share over the run (its pid known), or its heap from the metrics endpoint. */
    private static Map<String, Object> serverFigures(Target target, double cpuStart, double wall) {
        Map<String, Object> server = new LinkedHashMap<>();
        if (target.pid().isPresent()) {
            long pid = target.pid().getAsLong();
            try {
                server.put("rss_mib", Figures.round1(ProcessMemory.rss(pid) / 1048576.0));
                if (cpuStart >= 0) {
                    server.put("cpu_cores_used", Math.round((ProcessMemory.cpuSeconds(pid) - cpuStart) / wall * 100)
                            / 100.0);
                }
            } catch (IOException e) {
                server.put("error", "cannot read process " + pid + ": " + e.getMessage());
            }
        }
        target.metricsUrl().ifPresent(url -> {
            try (InputStream in = url.toURL().openStream()) {
                double heap = 0;
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                        heap += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    }
                }
                server.put("heap_used_mib", Figures.round1(heap / 1048576.0));
            } catch (IOException | RuntimeException e) {
                server.put("metrics_error", e.toString());
            }
        });
        return server;
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}

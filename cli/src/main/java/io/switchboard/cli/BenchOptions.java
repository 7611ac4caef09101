// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli;

import io.switchboard.loadgen.LoadGenerator;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Options every {@code switchboard bench} scenario shares: the target, the results directory, progress. */
final class BenchOptions {

    @Option(names = "--embedded", description = "Start a dev-mode server as a child process (the default).")
    boolean embedded;

    @Option(names = "--server", paramLabel = "HOST:PORT", split = ",",
            description = "Load a running server instead, or every node of a cluster (comma-separated; clients are"
                    + " spread over them); it must be in dev mode (--dev) with registration and per-account limits"
                    + " (switchboard.limits) high enough for the scenario.")
    List<String> server;

    @Option(names = "--server-pid", paramLabel = "PID",
            description = "The running server's process id, for its RSS and CPU figures.")
    Long serverPid;

    @Option(names = "--metrics-url", paramLabel = "URL",
            description = "The running server's Prometheus endpoint, e.g. http://127.0.0.1:8080/metrics.")
    URI metricsUrl;

    @Option(names = "--server-jvm", paramLabel = "OPTS", split = ",", defaultValue = "-Xmx1g,-XX:+UseParallelGC",
            description = "JVM options of the embedded server, comma-separated (default: ${DEFAULT-VALUE}).")
    List<String> serverJvm;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Results directory (default: bench-results/<scenario>-<timestamp>).")
    Path out;

    @Option(names = "--progress", description = "Rewrite one progress line even when stderr is not a terminal.")
    boolean forceProgress;

    @Option(names = "--quiet", description = "No progress output.")
    boolean quiet;

    @Option(names = "--client-threads", paramLabel = "N", defaultValue = "2",
            description = "Event loops of the load generator's clients (default: ${DEFAULT-VALUE}).")
    int clientThreads;

    LoadGenerator.Options toRun(String commandLine) {
        if (embedded && server != null) {
            throw new IllegalArgumentException("--embedded and --server exclude each other");
        }
        if (server == null && (serverPid != null || metricsUrl != null)) {
            throw new IllegalArgumentException("--server-pid and --metrics-url describe a --server");
        }
        PrintStream progress = quiet ? null : System.err;
        boolean terminal = forceProgress || System.console() != null;
        List<InetSocketAddress> addresses = server == null ? null
                : server.stream().map(BenchOptions::address).toList();
        return new LoadGenerator.Options(out, addresses,
                serverPid == null ? OptionalLong.empty() : OptionalLong.of(serverPid), Optional.ofNullable(metricsUrl),
                serverJvm, progress, terminal, commandLine);
    }

    private static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("--server wants HOST:PORT, not '" + hostPort + "'");
        }
        try {
            return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--server wants HOST:PORT, not '" + hostPort + "'");
        }
    }
}

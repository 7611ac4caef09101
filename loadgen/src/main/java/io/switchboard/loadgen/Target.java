// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.loadgen;

import io.switchboard.testkit.ServerProcess;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The server a scenario loads: either one this process starts as a child ({@link #embedded}, so its memory is
 * measured apart from the load generator's) or one already running ({@link #remote}). Closing an embedded target
 * stops its server; closing a remote one does nothing.
 */
public final class Target implements AutoCloseable {
    private final List<InetSocketAddress> addresses;
    private final OptionalLong pid;
    private final Optional<URI> metricsUrl;
    private final ServerProcess process;

    private Target(List<InetSocketAddress> addresses, OptionalLong pid, Optional<URI> metricsUrl,
                   ServerProcess process) {
        this.addresses = List.copyOf(addresses);
        this.pid = pid;
        this.metricsUrl = metricsUrl;
        this.process = process;
    }

    /**
     * Server configuration for load: registration, per-account and per-address limits lifted (one address
     * registers and logs in thousands of users, each driven as fast as it goes), and the mailbox bound and storage
     * quota (an offline scenario queues far more for one user than a person would). A load generator measures
     * capacity, not abuse limits.
     */
    public static final String LIFTED_LIMITS = "switchboard.registration.codes-per-address-per-hour = 100000000\n"
            + "switchboard.registration.codes-per-number-per-hour = 100000000\n"
            + "switchboard.limits.messages { per-second = 100000000, burst = 100000000 }\n"
            + "switchboard.limits.bundle-fetches { per-second = 100000000, burst = 100000000 }\n"
            + "switchboard.limits.group-requests { per-second = 100000000, burst = 100000000 }\n"
            + "switchboard.transport.max-pending-per-address = 100000000\n"
            + "switchboard.limits.mailbox { messages = 2000000000, bytes = 1 PiB }\n"
            + "switchboard.limits.account-stored-bytes = 1 PiB\n";

    /**
     * Starts a dev-mode server on an embedded store in {@code dir}, with {@link #LIFTED_LIMITS}. The server runs
     * from this process's class path (or {@code switchboard.server.classpath}), as {@link ServerProcess} does.
     */
    public static Target embedded(Path dir, List<String> serverJvmOptions) throws IOException {
        Files.createDirectories(dir);
        Path conf = dir.resolve("loadgen.conf");
        Files.writeString(conf, LIFTED_LIMITS);
        ServerProcess server = ServerProcess.start(serverJvmOptions, dir.resolve("server"), "--config",
                conf.toString());
        return new Target(List.of(new InetSocketAddress("127.0.0.1", server.port())), OptionalLong.of(server.pid()),
                Optional.of(URI.create("http://127.0.0.1:" + server.adminPort() + "/metrics")), server);
    }

    /**
     * A server that is already running; it must be in dev mode (registration replies carry the code) with
     * registration and per-account limits ({@code switchboard.limits}) high enough for the scenario.
     *
     * @param pid        its process id on this machine, for RSS and heap figures, if known
     * @param metricsUrl its Prometheus endpoint, if known
     */
    public static Target remote(List<InetSocketAddress> addresses, OptionalLong pid, Optional<URI> metricsUrl) {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("a remote target needs at least one address");
        }
        return new Target(addresses, pid, metricsUrl, null);
    }

    /** The first node's address. */
    public InetSocketAddress address() {
        return addresses.get(0);
    }

    /**
     * Every node, starting with the {@code index}-th (modulo their number): client {@code index} connects there
     * first and falls back to the others in turn, so clients are spread evenly over a cluster's nodes.
     */
    public List<InetSocketAddress> addressesFor(int index) {
        int first = Math.floorMod(index, addresses.size());
        List<InetSocketAddress> rotated = new java.util.ArrayList<>(addresses.subList(first, addresses.size()));
        rotated.addAll(addresses.subList(0, first));
        return rotated;
    }

    /** The server's process id, when it runs on this machine and is known. */
    public OptionalLong pid() {
        return pid;
    }

    public Optional<URI> metricsUrl() {
        return metricsUrl;
    }

    /** Whether this process started the server. */
    public boolean isEmbedded() {
        return process != null;
    }

    /** The server's output, for error messages (embedded only; empty otherwise). */
    public String serverOutput() {
        return process == null ? "" : process.output();
    }

    /** How the report describes the target. */
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("mode", isEmbedded() ? "embedded" : "remote");
        d.put("address", addresses.stream().map(a -> a.getHostString() + ":" + a.getPort())
                .collect(java.util.stream.Collectors.joining(",")));
        pid.ifPresent(p -> d.put("server_pid", p));
        metricsUrl.ifPresent(u -> d.put("metrics_url", u.toString()));
        return d;
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.close();
        }
    }
}

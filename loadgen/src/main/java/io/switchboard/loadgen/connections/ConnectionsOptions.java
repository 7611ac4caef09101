// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.loadgen.connections;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@code connect} (and optionally {@code reconnect}) run does.
 *
 * @param connections       idle logged-in connections to hold, all on one server process
 * @param workers           worker processes to spread them over; each holds one file descriptor per connection, so
 *                          keep {@code connections / workers} well below the 20,000 open files a process may have
 * @param sourceAddresses   loopback addresses the client sockets are bound to in turn (each has its own ephemeral
 *                          ports, about 28,000 here)
 * @param dataDir           holds the server's data ({@code server/}) and the registered keys ({@code keys/}); reuse
 *                          it to skip registration on a later run; {@code null}: a new temporary directory
 * @param serverJvmOptions  the server's heap and GC; a pre-touched fixed heap makes RSS growth mean native memory
 * @param workerJvmOptions  each worker's
 * @param warmup            connections logged in before the baseline is measured (warms JIT, pools, caches); not
 *                          counted in the per-connection figures. Too few, and the JIT compiles during the measured
 *                          phase: its code cache and arenas (≈ 1 KiB a connection at 190 of 19,000) pass for
 *                          per-connection native memory
 * @param inFlightPerWorker registrations or logins each worker keeps in flight
 * @param backoffInitial    reconnect delay ceiling after the first loss (jittered, doubling; as the SDK's backoff)
 * @param backoffMax        largest reconnect delay
 * @param reconnect         how to drop every connection after measuring, or {@link Reconnect#NONE}
 * @param reconnectTimeout  how long to wait for every client to be back
 * @param histogram         whether to diff the server's class histogram (names the heap's per-connection classes)
 * @param cleanBaseline     whether to restart the server after registering accounts, so that the memory baseline
 *                          holds nothing left over from registration (the user entities stay for a while)
 * @param progress          whether to print a progress line a second on standard error
 */
public record ConnectionsOptions(int connections, int workers, List<String> sourceAddresses, Path dataDir,
        List<String> serverJvmOptions, List<String> workerJvmOptions, int warmup, int inFlightPerWorker,
        Duration backoffInitial, Duration backoffMax, Reconnect reconnect, Duration reconnectTimeout,
        boolean histogram, boolean cleanBaseline, boolean progress) {

    /** How the reconnect engine drops every connection at once. */
    public enum Reconnect {
        /** No reconnect phase. */
        NONE,
        /** SIGTERM the server (it tells every client to reconnect) and start it again on the same port and data. */
        RESTART,
        /** The clients close their sockets; each reconnects with backoff. */
        DROP
    }

    public ConnectionsOptions {
        if (connections < 1 || workers < 1 || warmup < 0 || warmup >= connections || inFlightPerWorker < 1) {
            throw new IllegalArgumentException("need connections > warmup >= 0, workers >= 1, in-flight >= 1");
        }
        sourceAddresses = List.copyOf(sourceAddresses);
        if (sourceAddresses.isEmpty()) {
            throw new IllegalArgumentException("at least one source address");
        }
        serverJvmOptions = List.copyOf(serverJvmOptions);
        workerJvmOptions = List.copyOf(workerJvmOptions);
        Objects.requireNonNull(backoffInitial, "backoffInitial");
        Objects.requireNonNull(backoffMax, "backoffMax");
        Objects.requireNonNull(reconnect, "reconnect");
        Objects.requireNonNull(reconnectTimeout, "reconnectTimeout");
    }

    /**
     * Defaults for {@code connections}: a worker per 9,500 connections, four source addresses (127.0.0.2–5), a
     * 1 GiB pre-touched serial-GC server heap, 10 % warm-up (at most 2,000), 200 in flight per worker, backoff
     * 250 ms doubling to 2 s, reconnect by server restart, 60 s to get back, histogram on.
     */
    public static ConnectionsOptions defaults(int connections) {
        return new ConnectionsOptions(connections, Math.max(1, (connections + 9_499) / 9_500),
                List.of("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"), null,
                List.of("-Xms1g", "-Xmx1g", "-XX:+UseSerialGC", "-XX:+AlwaysPreTouch"),
                List.of("-Xmx512m", "-XX:+UseSerialGC"), Math.min(2_000, connections / 10), 200,
                Duration.ofMillis(250), Duration.ofSeconds(2), Reconnect.RESTART, Duration.ofSeconds(60), true, true,
                false);
    }

    /** These options with the {@code --name value} pairs of {@code args} applied (see ConnectionsCoordinator). */
    public ConnectionsOptions with(Map<String, String> args) {
        int n = Integer.parseInt(args.getOrDefault("connections", Integer.toString(connections)));
        ConnectionsOptions base = n == connections ? this : defaults(n);
        return new ConnectionsOptions(n,
                Integer.parseInt(args.getOrDefault("workers", Integer.toString(base.workers))),
                args.containsKey("sources") ? List.of(args.get("sources").split(",")) : base.sourceAddresses,
                args.containsKey("data") ? Path.of(args.get("data")) : base.dataDir,
                args.containsKey("server-jvm") ? List.of(args.get("server-jvm").trim().split("\\s+"))
                        : base.serverJvmOptions,
                base.workerJvmOptions,
                Integer.parseInt(args.getOrDefault("warmup", Integer.toString(base.warmup))),
                Integer.parseInt(args.getOrDefault("in-flight", Integer.toString(base.inFlightPerWorker))),
                args.containsKey("backoff-initial-ms")
                        ? Duration.ofMillis(Long.parseLong(args.get("backoff-initial-ms"))) : base.backoffInitial,
                args.containsKey("backoff-max-ms")
                        ? Duration.ofMillis(Long.parseLong(args.get("backoff-max-ms"))) : base.backoffMax,
                args.containsKey("reconnect")
                        ? Reconnect.valueOf(args.get("reconnect").toUpperCase(java.util.Locale.ROOT)) : base.reconnect,
                args.containsKey("reconnect-timeout-s")
                        ? Duration.ofSeconds(Long.parseLong(args.get("reconnect-timeout-s"))) : base.reconnectTimeout,
                Boolean.parseBoolean(args.getOrDefault("histogram", Boolean.toString(base.histogram))),
                Boolean.parseBoolean(args.getOrDefault("clean-baseline", Boolean.toString(base.cleanBaseline))),
                Boolean.parseBoolean(args.getOrDefault("progress", Boolean.toString(base.progress))));
    }
}

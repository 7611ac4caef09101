// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.bench.harness;

import io.switchboard.loadgen.HarnessClients;
import io.switchboard.loadgen.ProcessMemory;
import io.switchboard.loadgen.Target;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Memory per idle, logged-in connection: starts a server process, logs in a baseline of clients, measures the
 * server, logs in N more and measures again; prints the server's RSS and heap (after a full GC) per connection.
 * Usage: {@code IdleConnectionMemory [N=10000]}. The client side needs one file descriptor per connection, so N is
 * bounded by this process's open-file limit (20,000 here). Until the {@code connect} scenario of
 * {@code switchboard bench} lands, this is the memory harness; it is built on the load generator's pieces.
 */
public final class IdleConnectionMemory {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int baseline = 200;
        Path dir = Files.createTempDirectory("sb-idle-memory");
        // The whole heap touched up front: RSS then grows only by what is not heap (direct buffers, native
        // memory), and the heap is measured on its own after a full GC.
        try (Target target = Target.embedded(dir.resolve("target"),
                List.of("-Xms1g", "-Xmx1g", "-XX:+UseSerialGC", "-XX:+AlwaysPreTouch"));
             HarnessClients harness = new HarnessClients(target, dir.resolve("clients"), 2, 10_000)) {
            long pid = target.pid().orElseThrow();
            harness.register(baseline, 32, Duration.ofMinutes(30));
            long rss0 = ProcessMemory.rss(pid);
            long heap0 = ProcessMemory.heapAfterGc(pid);
            long start = System.nanoTime();
            harness.register(n, 32, Duration.ofMinutes(30));
            double seconds = (System.nanoTime() - start) / 1e9;
            long heap1 = ProcessMemory.heapAfterGc(pid);
            long rss1 = ProcessMemory.rss(pid);
            System.out.printf("registered and logged in %d clients in %.1f s (%.0f per second)%n", n, seconds,
                    n / seconds);
            System.out.printf("server RSS: %.1f MiB with %d connections, %.1f MiB with %d%n", rss0 / 1048576.0,
                    baseline, rss1 / 1048576.0, baseline + n);
            System.out.printf("server heap after full GC: %.1f MiB -> %.1f MiB%n", heap0 / 1048576.0,
                    heap1 / 1048576.0);
            System.out.printf("idle connections: %d, RSS per connection %.2f KiB, heap per connection %.2f KiB%n",
                    n, (rss1 - rss0) / 1024.0 / n, (heap1 - heap0) / 1024.0 / n);
        }
    }
}

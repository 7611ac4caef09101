// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.bench.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Memory per idle, logged-in connection: starts a server process, logs in a baseline of clients, measures the
 * server, logs in N more and measures again; prints the server's RSS and heap (after a full GC) per connection.
 * Usage: {@code IdleConnectionMemory [N=10000]}. The client side needs one file descriptor per connection, so N is
 * bounded by this process's open-file limit (20,000 here).
 */
public final class IdleConnectionMemory {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int baseline = 200;
        Path dir = Files.createTempDirectory("sb-idle-memory");
        try (HarnessClients harness = HarnessClients.start(dir,
                // The whole heap touched up front: RSS then grows only by what is not heap (direct buffers,
                // native memory), and the heap is measured on its own after a full GC.
                List.of("-Xms1g", "-Xmx1g", "-XX:+UseSerialGC", "-XX:+AlwaysPreTouch"))) {
            long pid = harness.server.pid();
            harness.register(baseline, 0, 32);
            long rss0 = ProcessMemory.rss(pid);
            long heap0 = ProcessMemory.heapAfterGc(pid);
            long start = System.nanoTime();
            harness.register(n, baseline, 32);
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

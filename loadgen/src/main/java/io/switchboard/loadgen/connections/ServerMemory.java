// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.loadgen.connections;

import io.switchboard.loadgen.ProcessMemory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's memory, read from outside: resident set from /proc, heap after a full GC, and the class histogram
 * ({@code jcmd GC.class_histogram}, which runs a full GC first), so two snapshots tell what each added connection
 * costs and which classes hold it.
 *
 * @param rss       resident set, bytes
 * @param heap      heap in use after a full GC, bytes
 * @param histogram instances and bytes by class name
 */
record ServerMemory(long rss, long heap, Map<String, long[]> histogram) {
    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

    /** Full GC and heap, then histogram (optional, it takes a second or two), then RSS last. */
    static ServerMemory measure(long pid, boolean withHistogram) throws IOException, InterruptedException {
        long heap = ProcessMemory.heapAfterGc(pid);
        Map<String, long[]> histogram = new HashMap<>();
        if (withHistogram) {
            for (String line : ProcessMemory.jcmd(pid, "GC.class_histogram").split("\n")) {
                Matcher m = ROW.matcher(line);
                if (m.find()) {
                    histogram.merge(m.group(3), new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))},
                            (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
                }
            }
        }
        return new ServerMemory(ProcessMemory.rss(pid), heap, histogram);
    }

    /** The {@code top} classes that grew most from {@code before} to this, per one of {@code connections}. */
    List<ConnectionsResult.ClassShare> topGrowth(ServerMemory before, int connections, int top) {
        List<ConnectionsResult.ClassShare> shares = new ArrayList<>();
        for (Map.Entry<String, long[]> e : histogram.entrySet()) {
            long[] was = before.histogram.getOrDefault(e.getKey(), new long[2]);
            long bytes = e.getValue()[1] - was[1];
            if (bytes > 0) {
                shares.add(new ConnectionsResult.ClassShare(e.getKey(),
                        (e.getValue()[0] - was[0]) / (double) connections, bytes / (double) connections));
            }
        }
        shares.sort(Comparator.comparingDouble(ConnectionsResult.ClassShare::bytesPerConnection).reversed());
        return List.copyOf(shares.subList(0, Math.min(top, shares.size())));
    }
}

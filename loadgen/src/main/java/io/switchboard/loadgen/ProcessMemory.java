// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.loadgen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads another process's memory: resident set from /proc, Java heap after a full GC through jcmd. */
public final class ProcessMemory {
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private ProcessMemory() {
    }

    /** VmRSS of {@code pid} in bytes. */
    public static long rss(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS for process " + pid);
    }

    /** CPU time (user + system) of {@code pid} so far, in seconds. */
    public static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields[0] is field 3 (state); utime and stime are fields 14 and 15, in USER_HZ (100 on Linux) ticks
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }

    /** {@link #cpuSeconds}, in milliseconds. */
    public static long cpuMillis(long pid) throws IOException {
        return Math.round(cpuSeconds(pid) * 1000);
    }

    /**
     * Runs a full GC in {@code pid} and returns the heap in use after it, in bytes: the sum of the first two
     * "used" figures of {@code GC.heap_info} (young and old generation for Serial and Parallel GC).
     */
    public static long heapAfterGc(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        long used = 0;
        Matcher m = USED.matcher(info);
        for (int generations = 0; generations < 2 && m.find(); generations++) {
            used += Long.parseLong(m.group(1)) * 1024;
        }
        return used;
    }

    /** Runs {@code jcmd <pid> <command>} and returns what it printed. */
    public static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }
}

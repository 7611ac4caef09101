// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Reads another process's memory: resident set from /proc, Java heap after a full GC through jcmd. */
public final class ProcessMemory {

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

    /**
     * CPU time {@code pid} has used so far (user and system), in milliseconds, from /proc; assumes the usual 100
     * clock ticks a second.
     */
    public static long cpuMillis(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }

    /** Runs a full GC in {@code pid} and returns the heap in use after it, in bytes. */
    public static long heapAfterGc(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        // Serial GC: "def new generation total 1234K, used 567K" and "tenured generation total ..., used ...K"
        long used = 0;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(info);
        int generations = 0;
        while (m.find() && generations < 2) {
            used += Long.parseLong(m.group(1)) * 1024;
            generations++;
        }
        return used;
    }

    /** Runs {@code jcmd <pid> <command>} and returns what it printed. */
    public static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }
}

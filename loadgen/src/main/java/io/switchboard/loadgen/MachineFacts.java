// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.loadgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the report says about the machine and the load generator's JVM. */
public final class MachineFacts {

    private MachineFacts() {
    }

    public static Map<String, Object> now() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        m.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("loadgen_max_heap_mib", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        m.put("load_average_at_start", loadAverage());
        m.put("note", "the load generator runs on the same machine (and cores) as an embedded server");
        return m;
    }

    /** The 1-minute load average, or -1 where /proc/loadavg is missing. */
    public static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}

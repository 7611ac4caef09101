// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.loadgen;

import java.util.Map;

/**
 * One kind of load: built with its own options, run once against a {@link Target}, reporting progress as it goes,
 * and answering with figures for the report. A run must be bounded in count and time and stop by itself; it uses
 * only the target's loopback address. See the package documentation for how a new scenario is wired in.
 */
public interface Scenario {

    /** The name on the command line and in the report, e.g. {@code one-to-one}. */
    String name();

    /** The options this run was built with, as they appear in {@code result.json} (names as on the command line). */
    Map<String, Object> options();

    /**
     * Runs the load against {@code target} (already started) and measures it.
     *
     * @param target   where the server is: its address, and its process id when known (for memory figures)
     * @param progress where to show what is going on; call {@link Progress#phase} per phase and feed it samples
     * @return the figures, time series and latency histogram of the run
     * @throws Exception when the run cannot complete (server gone, a deadline passed); the caller reports it
     */
    ScenarioResult run(Target target, Progress progress) throws Exception;
}

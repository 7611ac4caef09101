// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.loadgen;

/**
 * One second of a run: what the scenario counts (messages delivered, registrations…) per second, and the latency
 * percentiles of what completed in that second.
 *
 * @param second  seconds since the run started, at the end of this interval
 * @param phase   the phase the interval belongs to (e.g. {@code step 3}, {@code drain})
 * @param rate    completions per second in the interval
 * @param p50Ms   median latency of the interval's completions, in milliseconds (0 when none)
 * @param p99Ms   99th percentile latency of the interval's completions, in milliseconds (0 when none)
 */
public record Sample(double second, String phase, double rate, double p50Ms, double p99Ms) {
}

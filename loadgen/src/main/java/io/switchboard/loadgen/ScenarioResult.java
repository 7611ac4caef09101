// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.loadgen;

import org.HdrHistogram.Histogram;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a scenario measured.
 *
 * @param figures      headline figures, names in snake case with their unit as suffix ({@code e2e_p99_ms},
 *                     {@code delivered_per_second}); values are numbers, strings or booleans
 * @param steps        rows of a table (e.g. one per rate step of a sweep), each a map with the same keys; may be
 *                     empty
 * @param series       one sample per second of the whole run
 * @param latency      the histogram behind the headline latency (microseconds), charted as a percentile
 *                     distribution
 * @param latencyLabel what {@code latency} times, e.g. {@code send -> recipient's onMessage}
 * @param rateLabel    what the series' rate counts, e.g. {@code delivered msgs/s}
 * @param notes        sentences for the summary: caveats, what limited the run
 */
public record ScenarioResult(Map<String, Object> figures, List<Map<String, Object>> steps, List<Sample> series,
        Histogram latency, String latencyLabel, String rateLabel, List<String> notes) {

    public ScenarioResult {
        figures = Collections.unmodifiableMap(new LinkedHashMap<>(figures));
        steps = List.copyOf(steps);
        series = List.copyOf(series);
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(latencyLabel, "latencyLabel");
        Objects.requireNonNull(rateLabel, "rateLabel");
        notes = List.copyOf(notes);
    }

    /** This result with another time series (the run's samples, taken until its very end). */
    public ScenarioResult withSeries(List<Sample> samples) {
        return new ScenarioResult(figures, steps, samples, latency, latencyLabel, rateLabel, notes);
    }
}

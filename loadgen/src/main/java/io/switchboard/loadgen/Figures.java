// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.loadgen;

import org.HdrHistogram.Histogram;

import java.util.Map;

/** Helpers that put figures into a result's map in one consistent shape (milliseconds, rounded to 0.01). */
public final class Figures {

    private Figures() {
    }

    /** {@code prefix_p50_ms}, {@code _p90_ms}, {@code _p99_ms}, {@code _p99_9_ms}, {@code _max_ms}, {@code _count}. */
    public static void latency(Map<String, Object> figures, String prefix, Histogram micros) {
        figures.put(prefix + "_p50_ms", ms(micros.getValueAtPercentile(50)));
        figures.put(prefix + "_p90_ms", ms(micros.getValueAtPercentile(90)));
        figures.put(prefix + "_p99_ms", ms(micros.getValueAtPercentile(99)));
        figures.put(prefix + "_p99_9_ms", ms(micros.getValueAtPercentile(99.9)));
        figures.put(prefix + "_max_ms", ms(micros.getMaxValue()));
        figures.put(prefix + "_count", micros.getTotalCount());
    }

    /** Microseconds as milliseconds, two decimals. */
    public static double ms(long micros) {
        return Math.round(micros / 10.0) / 100.0;
    }

    /** A rate or ratio, one decimal. */
    public static double round1(double value) {
        return Math.round(value * 10) / 10.0;
    }
}

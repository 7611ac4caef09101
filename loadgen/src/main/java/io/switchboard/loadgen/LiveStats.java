// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.loadgen;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Completions and their latencies as a run goes: any thread {@link #record}s; one sampling thread calls
 * {@link #sample} once a second, which turns the interval into a {@link Sample} and adds it to the phase's
 * cumulative histogram. Latencies are in microseconds, up to an hour.
 */
public final class LiveStats {
    private static final long MAX_MICROS = 3_600_000_000L;

    private final Recorder recorder = new Recorder(1, MAX_MICROS, 3);
    private final LongAdder count = new LongAdder();
    private final long start = System.nanoTime();
    private final List<Sample> samples = new ArrayList<>();
    private Histogram interval;
    private Histogram phase = new Histogram(1, MAX_MICROS, 3);
    private long lastCount;
    private long lastSample = start;
    private double lastP99Ms;

    /** One completion that took {@code micros} (clamped to the histogram's range). */
    public void record(long micros) {
        recorder.recordValue(Math.max(1, Math.min(micros, MAX_MICROS)));
        count.increment();
    }

    /** A latency that the rate does not count (e.g. a group message's last delivery, whose deliveries count). */
    public void latencyOnly(long micros) {
        recorder.recordValue(Math.max(1, Math.min(micros, MAX_MICROS)));
    }

    /** One completion with no latency to record (the rate counts it; the histogram does not). */
    public void count() {
        count.increment();
    }

    /** Completions so far. */
    public long total() {
        return count.sum();
    }

    /** Seconds since this was created. */
    public double elapsed() {
        return (System.nanoTime() - start) / 1e9;
    }

    /** Closes the current interval: one sample labelled {@code phaseName}; returns it. */
    public synchronized Sample sample(String phaseName) {
        long now = System.nanoTime();
        long c = count.sum();
        interval = recorder.getIntervalHistogram(interval);
        phase.add(interval);
        double seconds = Math.max(1e-9, (now - lastSample) / 1e9);
        boolean any = interval.getTotalCount() > 0;
        lastP99Ms = any ? interval.getValueAtPercentile(99) / 1000.0 : 0;
        Sample s = new Sample(Math.round((now - start) / 1e8) / 10.0, phaseName, (c - lastCount) / seconds,
                any ? interval.getValueAtPercentile(50) / 1000.0 : 0, lastP99Ms);
        lastCount = c;
        lastSample = now;
        samples.add(s);
        return s;
    }

    /**
     * Ends a phase: folds what was recorded since the last sample in, returns the phase's latencies and starts an
     * empty histogram for the next phase.
     */
    public synchronized Histogram takePhase() {
        interval = recorder.getIntervalHistogram(interval);
        phase.add(interval);
        Histogram done = phase;
        phase = new Histogram(1, MAX_MICROS, 3);
        return done;
    }

    /** Every sample so far. */
    public synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }
}

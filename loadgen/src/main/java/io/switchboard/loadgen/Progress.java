// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.loadgen;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples a run's {@link LiveStats} once a second (the samples become the report's time series) and shows them: on a
 * terminal one status line rewritten in place with {@code \r}; otherwise a plain line every few seconds, so logs
 * stay readable. A scenario names its phases with {@link #phase} and hands its stats to {@link #track} once.
 */
public final class Progress implements AutoCloseable {
    private static final int BAR = 24;
    private static final int PLAIN_EVERY_SECONDS = 5;

    private final PrintStream out;
    private final boolean terminal;
    private final String scenario;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "loadgen-progress");
        t.setDaemon(true);
        return t;
    });
    private volatile String phase = "setup";
    private volatile double phaseSeconds;
    private volatile long phaseStart = System.nanoTime();
    private volatile String unit = "/s";
    private LiveStats stats;
    private int ticks;
    private boolean lineOpen;

    private Progress(PrintStream out, boolean terminal, String scenario) {
        this.out = out;
        this.terminal = terminal;
        this.scenario = scenario;
    }

    /**
     * @param out      where to show progress (stderr), or null to show nothing and only sample
     * @param terminal whether {@code out} is a terminal (rewrite one line) or a log (plain lines)
     */
    public static Progress create(PrintStream out, boolean terminal, String scenario) {
        return new Progress(out, terminal, scenario);
    }

    /** Starts sampling {@code stats} every second; {@code unit} labels its rate, e.g. {@code msgs/s}. */
    public synchronized void track(LiveStats stats, String unit) {
        if (this.stats != null) {
            throw new IllegalStateException("already tracking");
        }
        this.stats = stats;
        this.unit = unit;
        ticker.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    /** A new phase: its name labels the following samples; {@code expectedSeconds} (0: unknown) sizes the bar. */
    public void phase(String name, double expectedSeconds) {
        phase = name;
        phaseSeconds = expectedSeconds;
        phaseStart = System.nanoTime();
        if (out != null && !terminal) {
            synchronized (this) {
                out.printf(Locale.ROOT, "[%s] %s%s%n", scenario, name,
                        expectedSeconds > 0 ? String.format(Locale.ROOT, " (%.0f s)", expectedSeconds) : "");
            }
        }
    }

    /** A line of its own (e.g. a step's outcome), not overwritten by the status line. */
    public synchronized void note(String line) {
        if (out != null) {
            if (lineOpen) {
                out.print("\r\033[K");
                lineOpen = false;
            }
            out.printf("[%s] %s%n", scenario, line);
        }
    }

    private synchronized void tick() {
        Sample s = stats.sample(phase);
        ticks++;
        if (out == null || (!terminal && ticks % PLAIN_EVERY_SECONDS != 0)) {
            return;
        }
        double elapsed = (System.nanoTime() - phaseStart) / 1e9;
        StringBuilder line = new StringBuilder();
        line.append('[').append(scenario).append("] ").append(phase).append(' ');
        if (phaseSeconds > 0) {
            int filled = (int) Math.min(BAR, Math.round(BAR * elapsed / phaseSeconds));
            line.append('[').append("#".repeat(filled)).append("-".repeat(BAR - filled)).append("] ");
            line.append(String.format(Locale.ROOT, "%.0f/%.0f s", Math.min(elapsed, phaseSeconds), phaseSeconds));
        } else {
            line.append(String.format(Locale.ROOT, "%.0f s", elapsed));
        }
        line.append(String.format(Locale.ROOT, "  %,.0f %s  p99 %.1f ms", s.rate(), unit, s.p99Ms()));
        if (terminal) {
            out.print("\r\033[K" + line);
            lineOpen = true;
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Every sample of the tracked stats so far (all of them once closed); empty if nothing was tracked. */
    public synchronized List<Sample> samples() {
        return stats == null ? List.of() : stats.samples();
    }

    /** Stops sampling, after one last sample, and ends the status line. */
    @Override
    public synchronized void close() {
        ticker.shutdownNow();
        if (stats != null) {
            stats.sample(phase);
        }
        if (out != null && lineOpen) {
            out.println();
            lineOpen = false;
        }
    }
}

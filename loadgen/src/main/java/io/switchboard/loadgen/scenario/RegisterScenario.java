// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.loadgen.scenario;

import io.switchboard.loadgen.Figures;
import io.switchboard.loadgen.HarnessClients;
import io.switchboard.loadgen.LiveStats;
import io.switchboard.loadgen.Progress;
import io.switchboard.loadgen.Scenario;
import io.switchboard.loadgen.ScenarioResult;
import io.switchboard.loadgen.Target;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A registration storm against a dev-mode server: N new users, C at a time, each a new device key, a full Noise
 * handshake, a code request, a verify with the dev-mode code and the login that follows it. Reports registrations
 * per second and the latency of one (first request to logged in). The clients stay connected until the end (at
 * most 15,000: the process's file limit).
 */
public final class RegisterScenario implements Scenario {
    private static final int MAX_COUNT = 15_000;

    /**
     * @param count       registrations in all
     * @param concurrency registrations in flight at once
     * @param timeout     longest the storm may take, in seconds
     * @param threads     client event loops
     */
    public record Settings(int count, int concurrency, double timeout, int threads) {
        public Settings {
            if (count < 1 || count > MAX_COUNT || concurrency < 1 || timeout <= 0 || threads < 1) {
                throw new IllegalArgumentException("count must be 1 to " + MAX_COUNT
                        + ", concurrency, timeout and threads positive");
            }
        }
    }

    private final Settings settings;
    private final LiveStats stats = new LiveStats();

    public RegisterScenario(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "register";
    }

    @Override
    public Map<String, Object> options() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("count", settings.count());
        o.put("concurrency", settings.concurrency());
        o.put("timeout", settings.timeout());
        o.put("client-threads", settings.threads());
        return o;
    }

    @Override
    public ScenarioResult run(Target target, Progress progress) throws Exception {
        try (HarnessClients harness = HarnessClients.inTempDir(target, settings.threads(), 100)) {
            progress.track(stats, "registrations/s");
            progress.phase(settings.count() + " registrations, " + settings.concurrency() + " at a time", 0);
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            List<CompletableFuture<?>> window = new ArrayList<>();
            long start = System.nanoTime();
            long end = start + (long) (settings.timeout() * 1e9);
            for (int i = 0; i < settings.count(); i++) {
                if (window.size() == settings.concurrency()) {
                    CompletableFuture.anyOf(window.toArray(new CompletableFuture[0]))
                            .get(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                    window.removeIf(CompletableFuture::isDone);
                }
                long t0 = System.nanoTime();
                window.add(harness.registerNext().handle((user, failure) -> {
                    if (failure != null) {
                        failures.add(failure);
                    } else {
                        stats.record((System.nanoTime() - t0) / 1000);
                    }
                    return null;
                }));
            }
            CompletableFuture.allOf(window.toArray(new CompletableFuture[0]))
                    .get(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            double seconds = (System.nanoTime() - start) / 1e9;
            Histogram latency = stats.takePhase();
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("registrations", settings.count());
            figures.put("succeeded", latency.getTotalCount());
            figures.put("failed", failures.size());
            figures.put("seconds", Math.round(seconds * 1000) / 1000.0);
            figures.put("registrations_per_second", Figures.round1(latency.getTotalCount() / seconds));
            Figures.latency(figures, "registration", latency);
            List<String> notes = new ArrayList<>();
            notes.add("One registration: new device key, Noise handshake, code request, verify with the dev-mode "
                    + "code, then logged in.");
            if (!failures.isEmpty()) {
                notes.add("First failure: " + failures.get(0));
            }
            return new ScenarioResult(figures, List.of(), stats.samples(), latency,
                    "request code -> verified and logged in", "registrations/s", notes);
        }
    }
}

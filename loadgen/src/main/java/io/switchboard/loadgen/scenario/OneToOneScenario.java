// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.loadgen.scenario;

import io.switchboard.client.SwitchboardClient;
import io.switchboard.loadgen.Figures;
import io.switchboard.loadgen.HarnessClients;
import io.switchboard.loadgen.LiveStats;
import io.switchboard.loadgen.Progress;
import io.switchboard.loadgen.Scenario;
import io.switchboard.loadgen.ScenarioResult;
import io.switchboard.loadgen.Target;
import io.switchboard.protocol.id.UserId;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * 1:1 messages between P online pairs at a fixed offered rate, open loop: message n is due at
 * {@code start + n / rate}, from sender {@code n mod P}, whether or not earlier ones were answered, and every latency
 * is timed from that due time (not from when the scheduler got to it), so a stalled server or scheduler shows as
 * latency instead of being hidden (no coordinated omission). End to end is due time to the recipient's
 * {@code onMessage}; one check is due time to the server's ack. After the sending ends, a drain period lets the
 * rest arrive; lost = due − delivered. A send the SDK refuses because its outbox is full ({@code maxPending}) counts
 * as lost, so a saturated server shows as latency and loss, not as errors.
 *
 * <p>With {@code sweep}, steps of {@code stepSeconds} multiply the rate by {@code stepFactor} until a step's p99
 * passes the bound or loses messages (or {@code maxRate} is passed); the highest step that did neither is the
 * sustained rate. Each step drains before the next begins.
 */
public final class OneToOneScenario implements Scenario {
    private static final int MAX_STEPS = 25;

    /**
     * @param pairs        sender/recipient pairs, all online
     * @param rate         offered messages per second, over all senders (the first step's, when sweeping)
     * @param seconds      how long to send (each step's, when sweeping)
     * @param warmup       seconds at {@code rate} before measuring, not recorded
     * @param drain        longest wait for the last deliveries after the sending ends, in seconds
     * @param sweep        step the rate up until p99 passes {@code p99BoundMs} or messages are lost
     * @param stepFactor   rate multiplier per step
     * @param p99BoundMs   the end-to-end p99 a sustained rate must stay under
     * @param maxRate      the sweep stops past this rate
     * @param maxPending   each client's outbox bound
     * @param threads      client event loops
     */
    public record Settings(int pairs, double rate, double seconds, double warmup, double drain, boolean sweep,
            double stepFactor, double p99BoundMs, double maxRate, int maxPending, int threads) {
        public Settings {
            if (pairs < 1 || rate <= 0 || seconds <= 0 || warmup < 0 || drain < 0 || stepFactor <= 1
                    || threads < 1 || maxPending < 1) {
                throw new IllegalArgumentException("pairs, rate, seconds, threads and max-pending must be positive, "
                        + "warmup and drain not negative, step-factor above 1");
            }
        }
    }

    private final Settings settings;
    private final AtomicReferenceArray<OpenLoopStep> steps = new AtomicReferenceArray<>(MAX_STEPS + 1);
    private final LiveStats stats = new LiveStats();

    public OneToOneScenario(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "one-to-one";
    }

    @Override
    public Map<String, Object> options() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("pairs", settings.pairs());
        o.put("rate", settings.rate());
        o.put("seconds", settings.seconds());
        o.put("warmup", settings.warmup());
        o.put("drain", settings.drain());
        o.put("sweep", settings.sweep());
        if (settings.sweep()) {
            o.put("step-factor", settings.stepFactor());
            o.put("p99-bound", settings.p99BoundMs());
            o.put("max-rate", settings.maxRate());
        }
        o.put("max-pending", settings.maxPending());
        o.put("client-threads", settings.threads());
        return o;
    }

    @Override
    public ScenarioResult run(Target target, Progress progress) throws Exception {
        try (HarnessClients harness = HarnessClients.inTempDir(target, settings.threads(), settings.maxPending())) {
            progress.track(stats, "msgs/s");
            progress.phase("registering " + 2 * settings.pairs() + " clients", 0);
            harness.register(2 * settings.pairs(), 32, Duration.ofMinutes(10));
            List<SwitchboardClient> senders = new ArrayList<>();
            List<UserId> recipients = new ArrayList<>();
            for (int p = 0; p < settings.pairs(); p++) {
                SwitchboardClient sender = harness.clients().get(2 * p);
                sender.onReceipt(r -> { }); // delivery receipts: acknowledged, not measured
                senders.add(sender);
                recipients.add(harness.users().get(2 * p + 1));
                harness.clients().get(2 * p + 1).onMessage(m -> onDelivered(m.text()));
            }
            stats.takePhase();
            int index = 0;
            if (settings.warmup() > 0) {
                runStep(index++, "warmup", settings.rate(), settings.warmup(), senders, recipients, progress);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            OpenLoopStep.Outcome best = null;
            OpenLoopStep.Outcome first = null;
            double rate = settings.rate();
            int stepCount = settings.sweep() ? MAX_STEPS : 1;
            for (int s = 1; s <= stepCount && rate <= Math.max(settings.maxRate(), settings.rate()); s++) {
                String phase = settings.sweep() ? String.format(Locale.ROOT, "step %d at %,.0f msgs/s", s, rate)
                        : String.format(Locale.ROOT, "%,.0f msgs/s", rate);
                OpenLoopStep.Outcome outcome = runStep(index++, phase, rate, settings.seconds(), senders, recipients,
                        progress);
                first = first == null ? outcome : first;
                rows.add(outcome.row());
                boolean held = outcome.lost() == 0 && outcome.e2e().getValueAtPercentile(99) / 1000.0
                        <= settings.p99BoundMs();
                progress.note(String.format(Locale.ROOT, "%s: delivered %,.0f msgs/s, p99 %.1f ms, lost %d%s",
                        phase, outcome.deliveredPerSecond(), outcome.e2e().getValueAtPercentile(99) / 1000.0,
                        outcome.lost(), settings.sweep() ? (held ? " (held)" : " (not held)") : ""));
                if (!settings.sweep()) {
                    best = outcome;
                    break;
                }
                if (!held) {
                    break;
                }
                best = outcome;
                rate *= settings.stepFactor();
            }
            return result(best, first, rows);
        }
    }

    private OpenLoopStep.Outcome runStep(int index, String phase, double rate, double seconds,
            List<SwitchboardClient> senders, List<UserId> recipients, Progress progress) throws InterruptedException {
        OpenLoopStep step = new OpenLoopStep(index, rate, seconds, stats);
        steps.set(index, step);
        progress.phase(phase, seconds);
        step.send(senders, recipients);
        progress.phase(phase + ", draining", 0);
        step.drain(Duration.ofMillis((long) (settings.drain() * 1000)));
        return step.outcome(stats.takePhase());
    }

    /** Runs on the recipients' event loops: text is {@code step:sequence:dueNanos}. */
    private void onDelivered(String text) {
        int a = text.indexOf(':');
        int b = text.indexOf(':', a + 1);
        if (a < 0 || b < 0) {
            return;
        }
        OpenLoopStep step = steps.get(Integer.parseInt(text, 0, a, 10));
        if (step != null) {
            step.delivered(Long.parseLong(text, a + 1, b, 10), Long.parseLong(text, b + 1, text.length(), 10));
        }
    }

    private ScenarioResult result(OpenLoopStep.Outcome best, OpenLoopStep.Outcome first,
            List<Map<String, Object>> rows) {
        Map<String, Object> figures = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        OpenLoopStep.Outcome shown = best != null ? best : first;
        if (settings.sweep()) {
            figures.put("highest_sustained_rate_per_second", best == null ? 0 : best.offeredRate());
            notes.add(best == null
                    ? "No step held: even the first rate passed the p99 bound or lost messages; figures are its."
                    : "Figures are those of the highest step that kept p99 under " + settings.p99BoundMs()
                            + " ms and lost nothing.");
        }
        figures.putAll(shown.figures());
        notes.add("Latencies are timed from each message's due time in the open-loop schedule (no coordinated "
                + "omission); one clock, since senders and recipients live in this process.");
        return new ScenarioResult(figures, settings.sweep() ? rows : List.of(), stats.samples(), shown.e2e(),
                "due time -> recipient's onMessage", "delivered msgs/s", notes);
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.loadgen;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes one run's results directory: {@code result.json} (everything, for tools), {@code summary.md} (the figures
 * as a table, with the command that produced them), {@code latency.png} and {@code throughput.png}.
 */
public final class ResultWriter {
    public static final String JSON = "result.json";
    public static final String SUMMARY = "summary.md";
    public static final String LATENCY_PNG = "latency.png";
    public static final String THROUGHPUT_PNG = "throughput.png";
    public static final String CONNECTIONS_PNG = "connections.png";

    private ResultWriter() {
    }

    /** The whole report as one ordered map, as written to {@code result.json}. */
    public static Map<String, Object> document(Scenario scenario, ScenarioResult result, Map<String, Object> run) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("scenario", scenario.name());
        doc.putAll(run);
        doc.put("options", scenario.options());
        doc.put("figures", result.figures());
        if (!result.steps().isEmpty()) {
            doc.put("steps", result.steps());
        }
        doc.put("latency_label", result.latencyLabel());
        doc.put("latency_percentiles", percentiles(result.latency()));
        doc.put("rate_label", result.rateLabel());
        doc.put("series", result.series());
        doc.put("notes", result.notes());
        return doc;
    }

    /** Writes the four files into {@code dir} (created if missing). */
    public static void write(Path dir, Scenario scenario, ScenarioResult result, Map<String, Object> run)
            throws IOException {
        Files.createDirectories(dir);
        Map<String, Object> doc = document(scenario, result, run);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve(JSON).toFile(), doc);
        Files.writeString(dir.resolve(SUMMARY), summary(scenario, result, run));
        Charts.latencyDistribution(result.latency(), result.latencyLabel(), dir.resolve(LATENCY_PNG));
        Charts.overTime(result.series(), result.rateLabel(), dir.resolve(THROUGHPUT_PNG));
    }

    private static List<Map<String, Object>> percentiles(Histogram micros) {
        List<Map<String, Object>> rows = new ArrayList<>();
        if (micros.getTotalCount() == 0) {
            return rows;
        }
        for (HistogramIterationValue v : micros.percentiles(5)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("percentile", v.getPercentileLevelIteratedTo());
            row.put("ms", v.getValueIteratedTo() / 1000.0);
            rows.add(row);
        }
        return rows;
    }

    /** The Markdown summary: command, target, machine, figures, steps, notes, charts. */
    static String summary(Scenario scenario, ScenarioResult result, Map<String, Object> run) {
        StringBuilder md = new StringBuilder();
        md.append("# `switchboard bench ").append(scenario.name()).append("`\n\n");
        md.append("```\n").append(run.getOrDefault("command_line", "")).append("\n```\n\n");
        md.append("Started ").append(run.get("started")).append("; target ").append(run.get("target"))
                .append("; machine ").append(run.get("machine")).append(".\n\n");
        md.append("| figure | value |\n| --- | --- |\n");
        result.figures().forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        if (!result.steps().isEmpty()) {
            md.append('\n');
            List<String> keys = new ArrayList<>(result.steps().get(0).keySet());
            md.append("| ").append(String.join(" | ", keys)).append(" |\n");
            md.append("|").append(" --- |".repeat(keys.size())).append('\n');
            for (Map<String, Object> step : result.steps()) {
                md.append('|');
                for (String k : keys) {
                    md.append(' ').append(step.get(k)).append(" |");
                }
                md.append('\n');
            }
        }
        if (!result.notes().isEmpty()) {
            md.append('\n');
            result.notes().forEach(n -> md.append("- ").append(n).append('\n'));
        }
        md.append("\nLatency (").append(result.latencyLabel()).append("):\n\n![latency](").append(LATENCY_PNG)
                .append(")\n\n![throughput](").append(THROUGHPUT_PNG).append(")\n");
        return md.toString();
    }
}

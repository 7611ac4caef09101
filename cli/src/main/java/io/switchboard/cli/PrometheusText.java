// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Predicate;

/**
 * The samples of a Prometheus text-format (0.0.4) page, as much of the format as {@code admin stats} reads: comment
 * lines are skipped, each other line is {@code name{label="value",...} number}. Immutable once parsed.
 */
final class PrometheusText {

    /** One sample line. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;

    private PrometheusText(List<Sample> samples) {
        this.samples = samples;
    }

    /** @throws IllegalArgumentException naming the line that is not a sample */
    static PrometheusText parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                samples.add(sample(line.strip()));
            }
        }
        return new PrometheusText(List.copyOf(samples));
    }

    private static Sample sample(String line) {
        int brace = line.indexOf('{');
        int space = line.lastIndexOf(' ');
        if (space <= 0) {
            throw new IllegalArgumentException("not a Prometheus sample: " + line);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        String name;
        if (brace > 0 && brace < space) {
            name = line.substring(0, brace);
            int end = line.lastIndexOf('}');
            parseLabels(line.substring(brace + 1, end), labels, line);
        } else {
            name = line.substring(0, space);
        }
        String value = line.substring(space + 1);
        double v = switch (value) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(value);
        };
        return new Sample(name, Map.copyOf(labels), v);
    }

    private static void parseLabels(String body, Map<String, String> labels, String line) {
        int i = 0;
        while (i < body.length()) {
            int eq = body.indexOf("=\"", i);
            if (eq < 0) {
                throw new IllegalArgumentException("bad labels in: " + line);
            }
            String key = body.substring(i, eq).strip();
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            for (; j < body.length() && body.charAt(j) != '"'; j++) {
                char c = body.charAt(j);
                if (c == '\\' && j + 1 < body.length()) {
                    char next = body.charAt(++j);
                    value.append(next == 'n' ? '\n' : next);
                } else {
                    value.append(c);
                }
            }
            labels.put(key, value.toString());
            i = j + 1;
            while (i < body.length() && (body.charAt(i) == ',' || body.charAt(i) == ' ')) {
                i++;
            }
        }
    }

    List<Sample> samples() {
        return samples;
    }

    /** The sum of every sample named {@code name} whose labels pass {@code labels}; empty if there is none. */
    OptionalDouble sum(String name, Predicate<Map<String, String>> labels) {
        List<Sample> matching = samples.stream().filter(s -> s.name().equals(name) && labels.test(s.labels()))
                .toList();
        return matching.isEmpty() ? OptionalDouble.empty()
                : OptionalDouble.of(matching.stream().mapToDouble(Sample::value).sum());
    }

    OptionalDouble sum(String name) {
        return sum(name, labels -> true);
    }

    /**
     * The {@code q} quantile of histogram {@code name} (its {@code _bucket} samples), interpolated linearly inside
     * the bucket that holds it, as Prometheus's {@code histogram_quantile} does; empty when nothing was observed.
     */
    OptionalDouble quantile(String name, double q) {
        List<Sample> buckets = samples.stream().filter(s -> s.name().equals(name + "_bucket")
                && s.labels().containsKey("le")).sorted(Comparator.comparingDouble(s -> le(s))).toList();
        if (buckets.isEmpty() || buckets.get(buckets.size() - 1).value() == 0) {
            return OptionalDouble.empty();
        }
        double rank = q * buckets.get(buckets.size() - 1).value();
        double lower = 0;
        double below = 0;
        for (Sample b : buckets) {
            double upper = le(b);
            if (b.value() >= rank) {
                if (Double.isInfinite(upper)) {
                    return OptionalDouble.of(lower);
                }
                double inBucket = b.value() - below;
                return OptionalDouble.of(inBucket == 0 ? upper : lower + (upper - lower) * (rank - below) / inBucket);
            }
            lower = upper;
            below = b.value();
        }
        return OptionalDouble.of(lower);
    }

    private static double le(Sample s) {
        String le = s.labels().get("le");
        return le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
    }
}

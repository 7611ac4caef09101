// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.loadgen;

import io.switchboard.loadgen.connections.ConnectionsResult;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The report's PNG charts, drawn with XChart without a display ({@code java.awt.headless}). */
public final class Charts {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 500;

    private Charts() {
    }

    /**
     * Latency against percentile, HdrHistogram style: the x axis is log10(1 / (1 − percentile)), so 90 %, 99 %,
     * 99.9 % and 99.99 % sit at 1, 2, 3 and 4 and the tail gets the room it deserves. (The axis keeps XChart's own
     * numeric tick labels: a custom label function that maps two ticks to one label makes XChart's tick
     * calculator loop forever.)
     */
    public static void latencyDistribution(Histogram micros, String label, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (HistogramIterationValue v : micros.percentiles(5)) {
            double percentile = v.getPercentileLevelIteratedTo();
            if (percentile >= 100.0) {
                break; // 1 / (1 - 1) is infinite; the max is in the figures
            }
            x.add(Math.log10(1 / (1 - percentile / 100)));
            y.add(v.getValueIteratedTo() / 1000.0);
        }
        if (x.isEmpty()) {
            x.add(0.0);
            y.add(0.0);
        }
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Latency by percentile: " + label)
                .xAxisTitle("percentile as log10(1 / (1 - p)): 1 = 90 %, 2 = 99 %, 3 = 99.9 %, 4 = 99.99 %")
                .yAxisTitle("ms").build();
        chart.getStyler().setLegendVisible(false).setMarkerSize(3);
        chart.addSeries("latency", x, y).setMarker(SeriesMarkers.CIRCLE);
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** Rate (left axis) and the interval p99 (right axis) per second of the run. */
    public static void overTime(List<Sample> series, String rateLabel, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<Double> t = new ArrayList<>();
        List<Double> rate = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        for (Sample s : series) {
            t.add(s.second());
            rate.add(s.rate());
            p99.add(s.p99Ms());
        }
        if (t.isEmpty()) {
            t.add(0.0);
            rate.add(0.0);
            p99.add(0.0);
        }
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Throughput and p99 over time").xAxisTitle("seconds").yAxisTitle(rateLabel).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW).setMarkerSize(3)
                .setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        chart.setYAxisGroupTitle(0, rateLabel);
        chart.setYAxisGroupTitle(1, "p99 ms");
        chart.addSeries(rateLabel, t, rate).setMarker(SeriesMarkers.NONE);
        XYSeries latency = chart.addSeries("p99 ms (per second)", t, p99);
        latency.setMarker(SeriesMarkers.NONE);
        latency.setYAxisGroup(1);
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /**
     * Connections held per second of a {@code connect} or {@code reconnect} run, one colour per phase, so the login
     * ramp and, after the drop, the way back read at a glance.
     */
    public static void connectedOverTime(List<ConnectionsResult.Sample> timeline, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Connections logged in over time").xAxisTitle("seconds").yAxisTitle("connections").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW).setMarkerSize(4);
        Map<String, List<ConnectionsResult.Sample>> byPhase = new LinkedHashMap<>();
        for (ConnectionsResult.Sample sample : timeline) {
            byPhase.computeIfAbsent(sample.phase(), phase -> new ArrayList<>()).add(sample);
        }
        if (byPhase.isEmpty()) {
            byPhase.put("none", List.of(new ConnectionsResult.Sample(0, "none", 0)));
        }
        byPhase.forEach((phase, samples) -> chart.addSeries(phase,
                samples.stream().map(x -> (double) x.second()).toList(),
                samples.stream().map(x -> (double) x.connected()).toList()).setMarker(SeriesMarkers.CIRCLE));
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.loadgen;

import io.switchboard.loadgen.connections.ConnectionsResult;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The charts render, also for wide and for empty data (XChart's tick calculator can loop on odd axes). */
@Timeout(60)
class ChartsTest {

    @Test
    void latencyChartOfAWideHistogramIsAPng(@TempDir Path dir) throws Exception {
        Histogram micros = new Histogram(1, 3_600_000_000L, 3);
        for (long v = 1; v < 4_000_000; v = v * 11 / 10 + 1) {
            micros.recordValue(v);
        }
        micros.recordValueWithCount(150, 100_000);
        Path png = dir.resolve("latency.png");
        Charts.latencyDistribution(micros, "test", png);
        assertThat(Files.readAllBytes(png)).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    }

    @Test
    void emptyDataStillMakesCharts(@TempDir Path dir) throws Exception {
        Charts.latencyDistribution(new Histogram(3), "nothing", dir.resolve("latency.png"));
        Charts.overTime(List.of(), "msgs/s", dir.resolve("throughput.png"));
        assertThat(dir.resolve("latency.png")).isNotEmptyFile();
        assertThat(dir.resolve("throughput.png")).isNotEmptyFile();
    }

    @Test
    void throughputChartHasBothAxes(@TempDir Path dir) throws Exception {
        List<Sample> series = List.of(new Sample(1, "a", 100, 1, 2), new Sample(2, "a", 2000, 3, 3500),
                new Sample(3, "b", 0, 0, 0));
        Charts.overTime(series, "msgs/s", dir.resolve("throughput.png"));
        assertThat(dir.resolve("throughput.png")).isNotEmptyFile();
    }

    @Test
    void connectionsChartHasOneSeriesPerPhaseAndCopesWithNoSamples(@TempDir Path dir) throws Exception {
        List<ConnectionsResult.Sample> timeline = List.of(new ConnectionsResult.Sample(1, "login", 10),
                new ConnectionsResult.Sample(2, "login", 900), new ConnectionsResult.Sample(3, "reconnect", 0),
                new ConnectionsResult.Sample(4, "reconnect", 1000));
        Charts.connectedOverTime(timeline, dir.resolve("connections.png"));
        Charts.connectedOverTime(List.of(), dir.resolve("empty.png"));
        assertThat(Files.readAllBytes(dir.resolve("connections.png"))).startsWith((byte) 0x89, (byte) 'P');
        assertThat(dir.resolve("empty.png")).isNotEmptyFile();
    }
}

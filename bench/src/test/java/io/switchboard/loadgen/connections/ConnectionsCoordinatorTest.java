// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.loadgen.connections;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionsCoordinatorTest {

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void twoHundredClientsOverTwoWorkersAndTwoSourcesConnectAndComeBackAfterADrop(@TempDir Path dir)
            throws Exception {
        ConnectionsOptions options = ConnectionsOptions.defaults(200).with(Map.of("workers", "2",
                "sources", "127.0.0.2,127.0.0.3", "warmup", "20", "data", dir.toString(), "reconnect", "drop",
                "histogram", "false", "clean-baseline", "false"));
        options = new ConnectionsOptions(options.connections(), options.workers(), options.sourceAddresses(),
                options.dataDir(), List.of("-Xmx256m", "-XX:+UseSerialGC"), options.workerJvmOptions(),
                options.warmup(), options.inFlightPerWorker(), Duration.ofMillis(100), Duration.ofMillis(500),
                options.reconnect(), Duration.ofSeconds(20), options.histogram(), false, false);

        ConnectionsResult result = ConnectionsCoordinator.run(options);

        assertThat(result.connections()).isEqualTo(200);
        assertThat(result.registration().registered()).isEqualTo(200);
        assertThat(result.registration().failed()).isZero();
        assertThat(result.login().connections()).isEqualTo(180);
        assertThat(result.login().perSecond()).isPositive();
        assertThat(result.login().refused()).isZero();
        assertThat(result.memory().heapAfter()).isPositive();
        assertThat(result.memory().rssAfter()).isPositive();
        assertThat(result.reconnect().back()).isEqualTo(200);
        assertThat(result.reconnect().to50Millis()).isBetween(0L, result.reconnect().to100Millis());
        assertThat(result.reconnect().to100Millis()).isBetween(1L, 20_000L);
        assertThat(result.timeline()).isNotEmpty();
        assertThat(result.timeline().stream().mapToInt(ConnectionsResult.Sample::connected).max().orElse(0))
                .isEqualTo(200);
    }
}

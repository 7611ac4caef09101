// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.ops;

import io.switchboard.protocol.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ServerMetricsTest {
    /** A sample line of the text format: name, optional labels, a value (no timestamps from Micrometer). */
    private static final Pattern SAMPLE = Pattern.compile(
            "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\]|\\\\.)*\",?)*})? "
                    + "(-?[0-9.eE+-]+|NaN|[+-]Inf)");

    private final ServerMetrics metrics = new ServerMetrics();

    @AfterEach
    void close() {
        metrics.close();
    }

    private double value(String sample) {
        return metrics.scrape().lines().filter(l -> l.startsWith(sample + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(sample.length() + 1)))
                .orElseThrow(() -> new AssertionError("no sample " + sample + " in\n" + metrics.scrape()));
    }

    @Test
    void everyNonCommentLineIsNameLabelsValue() {
        metrics.bindStore(() -> 2, () -> 10);
        metrics.bindConnectionErrors(code -> 1, () -> 0);
        metrics.oneCheck(TimeUnit.MILLISECONDS.toNanos(3));
        List<String> samples = metrics.scrape().lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertThat(samples).isNotEmpty().allSatisfy(l -> assertThat(l).matches(SAMPLE));
    }

    @Test
    void sessionCountersMoveWithCalls() {
        metrics.connectionOpened();
        metrics.connectionOpened();
        metrics.connectionClosed();
        metrics.loggedIn();
        metrics.registered();
        metrics.stanzaIn("message");
        metrics.stanzaIn("message");
        metrics.stanzaOut("ack");

        assertThat(value("switchboard_connections")).isEqualTo(1.0);
        assertThat(value("switchboard_logins_total")).isEqualTo(1.0);
        assertThat(value("switchboard_registrations_total")).isEqualTo(1.0);
        assertThat(value("switchboard_stanzas_in_total{type=\"message\"}")).isEqualTo(2.0);
        assertThat(value("switchboard_stanzas_out_total{type=\"ack\"}")).isEqualTo(1.0);
    }

    @Test
    void unknownStanzaTagsCountAsOtherSoClientsCannotGrowTheRegistry() {
        metrics.stanzaIn("x1");
        metrics.stanzaIn("x2");

        assertThat(value("switchboard_stanzas_in_total{type=\"other\"}")).isEqualTo(2.0);
        assertThat(metrics.scrape()).doesNotContain("x1").doesNotContain("x2");
    }

    @Test
    void oneCheckPublishesAHistogram() {
        metrics.oneCheck(TimeUnit.MILLISECONDS.toNanos(2));
        metrics.oneCheck(TimeUnit.MILLISECONDS.toNanos(40));

        assertThat(value("switchboard_one_check_seconds_count")).isEqualTo(2.0);
        assertThat(value("switchboard_one_check_seconds_sum")).isCloseTo(0.042, within(1e-9));
        assertThat(metrics.scrape()).contains("switchboard_one_check_seconds_bucket{le=\"+Inf\"} 2");
    }

    @Test
    void storeCommitsPublishAHistogram() {
        metrics.storeCommit(TimeUnit.MILLISECONDS.toNanos(3));
        assertThat(value("switchboard_store_commit_seconds_count")).isEqualTo(1.0);
        assertThat(metrics.scrape()).contains("switchboard_store_commit_seconds_bucket{le=\"+Inf\"} 1");
    }

    @Test
    void storeAndErrorCountersReadTheirSources() {
        AtomicLong commits = new AtomicLong(4);
        AtomicLong writes = new AtomicLong(20);
        metrics.bindStore(commits::get, writes::get);
        metrics.bindConnectionErrors(code -> code == ErrorCode.MALFORMED_FRAME ? 3 : 0, () -> 1);

        assertThat(value("switchboard_store_commits_total")).isEqualTo(4.0);
        assertThat(value("switchboard_store_writes_committed_total")).isEqualTo(20.0);
        assertThat(value("switchboard_store_batch_size_average")).isEqualTo(5.0);
        assertThat(value("switchboard_connection_errors_total{code=\"1001\"}")).isEqualTo(3.0);
        assertThat(value("switchboard_connection_errors_total{code=\"unexpected\"}")).isEqualTo(1.0);
        commits.set(5);
        assertThat(value("switchboard_store_commits_total")).isEqualTo(5.0);
    }

    @Test
    void shardGaugesReadThisNodesCountsPerEntityType() {
        Map<String, Integer> shards = new ConcurrentHashMap<>(Map.of("User", 3, "Group", 1));
        Map<String, Integer> entities = new ConcurrentHashMap<>(Map.of("User", 40, "Group", 2));
        metrics.bindLocalShards(List.of("User", "Group"), shards::get, entities::get);

        assertThat(value("switchboard_shards{type=\"User\"}")).isEqualTo(3.0);
        assertThat(value("switchboard_shards{type=\"Group\"}")).isEqualTo(1.0);
        assertThat(value("switchboard_entities{type=\"User\"}")).isEqualTo(40.0);
        assertThat(value("switchboard_entities{type=\"Group\"}")).isEqualTo(2.0);
        shards.put("User", 4);
        assertThat(value("switchboard_shards{type=\"User\"}")).isEqualTo(4.0);
    }

    @Test
    void shardGaugesKeepReadingAfterGarbageCollection() {
        // Capturing lambdas that only the metrics hold: Micrometer alone would let the collector take them (NaN).
        AtomicInteger shards = new AtomicInteger(2);
        AtomicInteger entities = new AtomicInteger(5);
        metrics.bindLocalShards(List.of("User"), type -> shards.get(), type -> entities.get());
        for (int i = 0; i < 3; i++) {
            System.gc();
        }

        assertThat(value("switchboard_shards{type=\"User\"}")).isEqualTo(2.0);
        assertThat(value("switchboard_entities{type=\"User\"}")).isEqualTo(5.0);
    }

    @Test
    void jvmMetricsAreBound() {
        assertThat(metrics.scrape()).contains("jvm_memory_used_bytes{area=\"heap\"")
                .contains("jvm_threads_live_threads");
    }
}

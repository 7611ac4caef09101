// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import static io.switchboard.server.store.StoreFixtures.await;
import static io.switchboard.server.store.StoreFixtures.freshUser;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.id.UserId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An acknowledged append survives {@code kill -9}: a child JVM appends and prints each seq only after its future
 * completed; the test SIGKILLs it mid-stream, reopens the store and finds every acknowledged entry. (A power cut is
 * covered by the same commit path plus the fsync per commit, which the bench's strace shows.)
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StoreKillDurabilityTest {

    private static final int ACKS_BEFORE_KILL = 500;

    @TempDir
    Path dataDir;

    @Test
    void acknowledgedAppendsSurviveKillNineOfTheEmbeddedStore() throws Exception {
        UserId recipient = freshUser();
        Map<Long, String> acked = runChildAndKill(List.of("embedded", dataDir.toString(), recipient.digits()));
        assertAllPresent(StoreSettings.embedded(dataDir), recipient, acked);
    }

    @Test
    void acknowledgedAppendsSurviveKillNineOfAPostgresBackedNode() throws Exception {
        try (var schema = StoreFixtures.PostgresSchema.create()) {
            UserId recipient = freshUser();
            Map<Long, String> acked = runChildAndKill(List.of("postgres", schema.jdbcUrl(), schema.user(),
                    recipient.digits()));
            assertAllPresent(schema.settings(), recipient, acked);
        }
    }

    private static Map<Long, String> runChildAndKill(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), AppendingChild.class.getName()));
        command.addAll(args);
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Map<Long, String> acked = new HashMap<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while (acked.size() < ACKS_BEFORE_KILL && (line = out.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    String[] parts = line.split(" ");
                    acked.put(Long.parseLong(parts[1]), parts[2]);
                }
            }
            // SIGKILL while appends are in flight: no shutdown hook, no close(), no flush.
            child.destroyForcibly();
            assertThat(child.waitFor(20, TimeUnit.SECONDS)).as("child exited").isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(acked).as("acks read from the child before the kill").hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL);
        return acked;
    }

    private static void assertAllPresent(StoreSettings settings, UserId recipient, Map<Long, String> acked) {
        try (Stores stores = Stores.open(settings)) {
            Map<Long, String> stored = new HashMap<>();
            await(stores.mailbox().pending(recipient, 0, 1_000_000))
                    .forEach(e -> stored.put(e.seq(), e.messageId().value()));
            assertThat(stored).containsAllEntriesOf(acked);
        }
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.ChildJvm;
import io.switchboard.testkit.ServerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One server per data directory: a second one on the same directory exits at once and says who holds it. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DataDirectoryLockIT {

    @TempDir
    Path dir;

    @Test
    void aSecondServerOnTheSameDataDirectoryExitsNamingTheDirectoryAndTheHolder() throws Exception {
        Path data = dir.resolve("server");
        try (ServerProcess first = ServerProcess.start(data)) {
            Process second = startServer(data);
            assertThat(second.waitFor(90, TimeUnit.SECONDS)).as("the second server exits").isTrue();
            List<String> lines = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                    .lines().filter(line -> !line.isBlank()).toList();

            assertThat(second.exitValue()).isNotZero();
            assertThat(lines).singleElement().asString()
                    .contains(data.toAbsolutePath().toString())
                    .contains("pid " + first.pid());
            assertThat(first.isRunning()).isTrue();
        }
    }

    @Test
    void aServerStartsOnADirectoryWhoseServerWasKilled() throws Exception {
        Path data = dir.resolve("server");
        ServerProcess first = ServerProcess.start(data);
        first.kill9();
        // The lock file stays behind; the lock went with the process.
        first.restart();
        first.close();
    }

    // The way testkit starts a server, without waiting for it to listen: this one must not get that far.
    private static Process startServer(Path data) throws IOException {
        return ChildJvm.start("server", List.of("-Xmx256m", "-XX:+UseSerialGC"),
                "io.switchboard.cli.SwitchboardCommand", List.of("server", "--port", "0", "--admin-port", "0",
                        "--host", "127.0.0.1", "--data", data.toString(), "--dev"),
                builder -> builder.redirectErrorStream(true));
    }
}

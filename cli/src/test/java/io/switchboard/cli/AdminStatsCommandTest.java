// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.server.ops.AdminServer;
import io.switchboard.server.ops.AdminSettings;
import io.switchboard.server.ops.Readiness;
import io.switchboard.server.ops.ServerMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class AdminStatsCommandTest {
    private final ServerMetrics metrics = new ServerMetrics();
    private AdminServer admin;

    @BeforeEach
    void start() throws Exception {
        admin = AdminServer.start(new AdminSettings("127.0.0.1", 0), metrics, () -> Readiness.Status.READY);
    }

    @AfterEach
    void stop() {
        admin.close();
        metrics.close();
    }

    private record Run(int exit, List<String> lines) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = SwitchboardCommand.commandLine(new PrintStream(bytes, true, StandardCharsets.UTF_8)).execute(args);
        return new Run(exit, bytes.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void printsOneLinePerFigure() {
        metrics.connectionOpened();
        metrics.loggedIn();
        metrics.loggedIn();
        metrics.registered();
        metrics.stanzaIn("message");
        metrics.stanzaIn("ack");
        metrics.stanzaOut("ack");
        metrics.oneCheck(TimeUnit.MILLISECONDS.toNanos(4));
        metrics.bindStore(() -> 2, () -> 5);
        metrics.bindConnectionErrors(code -> code == ErrorCode.MALFORMED_FRAME ? 1 : 0, () -> 0);

        Run run = run("admin", "stats", "--admin", "127.0.0.1:" + admin.port());

        assertThat(run.exit()).isZero();
        assertThat(run.lines()).contains("health: ready (HTTP 200)", "connections: 1", "logins: 2",
                "registrations: 1", "stanzas in: 2 (ack 1, message 1)", "stanzas out: 1 (ack 1)",
                "store: 2 commits, average batch 2.5 writes", "errors: 1 (1001 1)");
        assertThat(run.lines()).anyMatch(l -> l.matches("one check: p50 \\d+\\.\\d ms, p99 \\d+\\.\\d ms \\(n=1\\)"));
        assertThat(run.lines()).anyMatch(l -> l.matches("heap used: \\d+\\.\\d MiB"));
    }

    @Test
    void anIdleNodeSaysNoMessagesYet() {
        Run run = run("admin", "stats", "--admin", "127.0.0.1:" + admin.port());

        assertThat(run.lines()).contains("one check: no messages yet", "stanzas in: 0");
    }

    @Test
    void theTokenIsSentWhenGivenAndItsAbsenceIsANonZeroExit() throws Exception {
        String token = "cli-token-0123456789";
        try (AdminServer guarded = AdminServer.start(new AdminSettings("127.0.0.1", 0).withToken(token), metrics,
                () -> Readiness.Status.READY)) {
            String address = "127.0.0.1:" + guarded.port();

            assertThat(run("admin", "stats", "--admin", address).exit()).isNotZero();
            Run run = run("admin", "stats", "--admin", address, "--admin-token", token);
            assertThat(run.exit()).isZero();
            assertThat(run.lines()).contains("health: ready (HTTP 200)");
        }
    }

    @Test
    void anUnreachableAdminPortIsANonZeroExit() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        assertThat(run("admin", "stats", "--admin", "127.0.0.1:" + closed).exit()).isNotZero();
    }
}

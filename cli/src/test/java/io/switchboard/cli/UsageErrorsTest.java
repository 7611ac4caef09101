// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Every usage error is one line: what is wrong, the nearest name for a typo, and where the help is. */
class UsageErrorsTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalErr;

    @BeforeEach
    void captureStderr() {
        originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStderr() {
        System.setErr(originalErr);
    }

    private String run(String... args) {
        int exit = SwitchboardCommand.commandLine(new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8)).execute(args);
        assertThat(exit).isEqualTo(2);
        String text = err.toString(StandardCharsets.UTF_8);
        assertThat(text.lines()).hasSize(1);
        return text.strip();
    }

    @Test
    void aMistypedRequiredOptionIsReportedAsUnknownWithTheRightName() {
        assertThat(run("send", "--dri", "/tmp/alice", "--to", "+15551230002", "hi")).isEqualTo(
                "switchboard: unknown option '--dri' (did you mean --dir?); see 'switchboard send --help'");
    }

    @Test
    void aMistypedOptionSuggestsTheNearestOne() {
        assertThat(run("server", "--prot", "5222")).startsWith(
                "switchboard: unknown option '--prot' (did you mean --port").endsWith(
                "; see 'switchboard server --help'");
    }

    @Test
    void aMissingOptionIsOneLine() {
        assertThat(run("register", "--phone", "+15551230001")).isEqualTo(
                "switchboard: missing required option: '--dir=DIR'; see 'switchboard register --help'");
    }

    @Test
    void aMistypedCommandSuggestsTheNearestOne() {
        assertThat(run("sned", "--dir", "x")).startsWith("switchboard: unknown command 'sned' (did you mean send")
                .endsWith("; see 'switchboard --help'");
    }

    @Test
    void aBadValueIsOneLine() {
        assertThat(run("server", "--port", "80000")).isEqualTo("switchboard: invalid value for option '--port':"
                + " 80000 is not a port number: use 0 to 65535 (0 picks a free one); see 'switchboard server --help'");
    }

    @Test
    void aNestedCommandNamesItsFullPath() {
        assertThat(run("admin", "stats", "--bogus")).startsWith("switchboard: unknown option '--bogus'")
                .endsWith("; see 'switchboard admin stats --help'");
    }
}

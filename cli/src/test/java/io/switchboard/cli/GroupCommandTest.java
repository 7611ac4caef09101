// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli;

import io.switchboard.protocol.id.GroupId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code group} verbs' arguments; what they do against a server is the SDK's tests' business. */
class GroupCommandTest {
    private static final int USAGE_ERROR = 2;
    private static final int FAILED = 1;

    @TempDir
    Path dir;
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

    private record Run(int exit, String out, String err) {
    }

    private Run run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--dir", dir.toString(), "--server", "127.0.0.1:1", "--timeout", "5"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = SwitchboardCommand.commandLine(new PrintStream(bytes, true, StandardCharsets.UTF_8))
                .execute(all.toArray(String[]::new));
        return new Run(exit, bytes.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void everyVerbParsesItsArgumentsAndThenNeedsAnAccount() {
        String group = "1a2b3c4d5e6f7081";
        List<String[]> verbs = List.of(
                new String[] {"group", "create", "--subject", "Climbing", "--member", "+15551230002"},
                new String[] {"group", "add", group, "+15551230002", "+15551230003"},
                new String[] {"group", "remove", group, "+15551230002"},
                new String[] {"group", "promote", group, "+15551230002"},
                new String[] {"group", "demote", group, "+15551230002"},
                new String[] {"group", "leave", group},
                new String[] {"group", "info", group + "@g.switchboard"},
                new String[] {"group", "list"},
                new String[] {"group", "send", group, "hello", "all"},
                new String[] {"group", "invite", group, "--revoke"},
                new String[] {"group", "join", "Xk3abcdefghijklmnopqrs"},
                new String[] {"group", "subject", group, "Bouldering"},
                new String[] {"group", "description", group, "Saturdays"},
                new String[] {"group", "announce", group, "on"},
                new String[] {"group", "receipts", group, "a4"});
        for (String[] verb : verbs) {
            err.reset();
            Run run = run(verb);
            assertThat(run.exit()).as(String.join(" ", verb)).isEqualTo(FAILED);
            assertThat(run.err()).as(String.join(" ", verb)).startsWith("switchboard: no account in ")
                    .contains("register first").hasLineCount(1);
        }
    }

    @Test
    void aGroupThatIsNotSixteenHexDigitsIsOneClearLine() {
        Run run = run("group", "info", "climbing");

        assertThat(run.exit()).isEqualTo(FAILED);
        assertThat(run.err()).isEqualTo("switchboard: not a group id: 'climbing' (expected 16 lower-case hex digits)"
                + System.lineSeparator());
    }

    @Test
    void announceTakesOnOrOff() {
        Run run = run("group", "announce", "1a2b3c4d5e6f7081", "maybe");

        assertThat(run.exit()).isEqualTo(FAILED);
        assertThat(run.err()).contains("announce takes on or off, not 'maybe'");
    }

    @Test
    void addWithoutMembersIsAUsageError() {
        assertThat(run("group", "add", "1a2b3c4d5e6f7081").exit()).isEqualTo(USAGE_ERROR);
    }

    @Test
    void aGroupMayBeGivenByAddressInAnyCase() {
        assertThat(GroupCommand.group("1A2B3C4D5E6F7081@g.switchboard")).isEqualTo(new GroupId("1a2b3c4d5e6f7081"));
        assertThatThrownBy(() -> GroupCommand.group("1a2b3c4d5e6f7081@s.switchboard"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code switchboard demo} runs in-process against its embedded server, prints its timeline and cleans up. */
class DemoCommandIT {

    @Test
    @Timeout(150)
    void demoRunsToTheEndShowingTicksStoreAndForwardAndTheGroupThenDeletesItsDirectory() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = SwitchboardCommand.commandLine(new PrintStream(bytes, true, StandardCharsets.UTF_8))
                .execute("demo", "--unicode", "--timeout", "120");
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertThat(exit).as(out).isZero();
        List<String> lines = out.lines().toList();
        String frame = "\\s+\\d+ B  \\(XML \\d+ B\\)";
        assertThat(lines).as(out)
                .anyMatch(l -> l.matches(" +\\d+\\.\\d{3}s  alice → server   message to bob \\[encrypted pkmsg, \\d+ B]"
                        + frame))
                .anyMatch(l -> l.matches(" +\\d+\\.\\d{3}s  server → alice   ✓ stored \\(id \\w+\\)" + frame))
                .anyMatch(l -> l.matches(" +\\d+\\.\\d{3}s  server → alice   ✓✓ delivered to bob \\(id \\w+\\)" + frame))
                .anyMatch(l -> l.matches(" +\\d+\\.\\d{3}s  server → alice   ✓✓ \\(blue\\) read by bob \\(id \\w+\\)"
                        + frame))
                .anyMatch(l -> l.contains("server → alice   bob is typing…"))
                .anyMatch(l -> l.contains("server → alice   ✓✓ delivered to all in Demo"))
                .anyMatch(l -> l.contains("server → alice   ✓✓ (blue) read by all in Demo"))
                .anyMatch(l -> l.contains("server → carol   Demo: alice says [encrypted skmsg, "))
                .anyMatch(l -> l.matches("  all frames +\\d+ +\\d+ B +\\d+ B +\\d+\\.\\dx"));

        // It says what it does from the start: each step of the server's start has a line before it listens.
        int listening = indexOf(lines, "server           listening on 127.0.0.1:");
        assertThat(lines.subList(0, listening)).as(out)
                .anyMatch(l -> l.matches(" +0\\.\\d{3}s  server           starting a dev-mode server .*"))
                .anyMatch(l -> l.contains("server           opening the embedded store..."))
                .anyMatch(l -> l.contains("server           starting the actor system and joining the cluster..."))
                .anyMatch(l -> l.contains("server           opening the client port..."));

        int login = indexOf(lines, "server → bob     logged in as bob");
        assertThat(login).as(out).isPositive();
        // The two messages queued while bob was away come after his login (encrypted: the tap sees no text).
        assertThat(lines.subList(login, lines.size())).as(out)
                .filteredOn(l -> l.contains("server → bob     message from alice [encrypted "))
                .hasSizeGreaterThanOrEqualTo(2);
        assertThat(lines).as(out).anyMatch(l -> l.contains("bob              reads \"hi Bob\""));

        Matcher dir = Pattern.compile("data in (\\S+)").matcher(out);
        assertThat(dir.find()).as(out).isTrue();
        assertThat(Files.exists(Path.of(dir.group(1)))).isFalse();
        assertThat(out).contains("deleted " + dir.group(1));
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli;

import io.switchboard.testkit.ChildJvm;
import io.switchboard.testkit.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Leaving {@code switchboard chat} at its phone prompt, before anything connects (so no server is needed): Ctrl-C
 * and Ctrl-D end it as the shell expects, exit 130 and no error, and leave no stack trace in {@code chat.log}.
 */
@Timeout(60)
class ChatPromptTmuxIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path tmp;
    private static Tmux tmux;

    @BeforeAll
    static void start() {
        assumeTrue(Files.isExecutable(Tmux.TMUX), "tmux is not installed at " + Tmux.TMUX);
        tmux = new Tmux("switchboard-prompt-it-" + ProcessHandle.current().pid(), 100, 30);
    }

    @AfterAll
    static void stop() throws Exception {
        if (tmux != null) {
            tmux.close();
        }
    }

    @Test
    void ctrlCAtThePhonePromptIsANormalExit() throws Exception {
        leaveThePromptWith("ctrl-c", "C-c");
    }

    @Test
    void ctrlDAtThePhonePromptIsANormalExit() throws Exception {
        leaveThePromptWith("ctrl-d", "C-d");
    }

    private static void leaveThePromptWith(String name, String key) throws Exception {
        Path dir = tmp.resolve(name);
        List<String> command = ChildJvm.commandLine("cli-chat", List.of("-XX:TieredStopAtLevel=1"),
                "io.switchboard.cli.SwitchboardCommand", List.of("chat", "--dir", dir.toString(), "--server",
                        "127.0.0.1:1"));
        tmux.start(name, Tmux.script(tmp.resolve(name + ".sh"), command));
        tmux.await(name, false, "the phone prompt", WAIT, s -> s.contains("Phone number"));
        tmux.send(name, key);
        String screen = tmux.await(name, false, "the exit", WAIT, s -> s.contains("[exited "));
        assertThat(screen).contains("[exited 130]").doesNotContain("unexpected error");
        Path log = dir.resolve("chat.log");
        assertThat(Files.exists(log) ? Files.readString(log) : "").doesNotContain("Exception");
    }
}

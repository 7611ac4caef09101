// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A {@code --dir} that names a file says what is wrong and what to pass instead. */
class ClientDirectoryPathTest {
    @TempDir
    Path tmp;
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

    private int run(String... args) {
        return SwitchboardCommand.commandLine(new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8)).execute(args);
    }

    @Test
    void aDirThatIsAFileIsAUsageErrorSayingSo() throws Exception {
        Path file = Files.writeString(tmp.resolve("notes.txt"), "x");
        int exit = run("send", "--dir", file.toString(), "--server", "127.0.0.1:1", "--to", "+15551230002", "hi");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(file + " is a file, not a directory: pass the"
                + " path of a client directory (it is created if missing)");
    }

    @Test
    void aDirUnderAFileNamesTheFile() throws Exception {
        Path file = Files.writeString(tmp.resolve("notes.txt"), "x");
        int exit = run("register", "--dir", file.resolve("alice").toString(), "--server", "127.0.0.1:1",
                "--phone", "+15551230001");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("is under " + file + ", which is a file");
    }
}

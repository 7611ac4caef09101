// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A private tmux server (its own socket, no user configuration) whose sessions are real terminals of a fixed size:
 * tests start commands in them, type with {@code send-keys} and read the screen with {@code capture-pane}, as a
 * person would see it. {@link #close()} kills the server and everything still running in it.
 */
final class Tmux implements AutoCloseable {
    static final Path TMUX = Path.of("/usr/bin/tmux");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

    private final String socket;
    private final int columns;
    private final int rows;

    Tmux(String socket, int columns, int rows) {
        this.socket = socket;
        this.columns = columns;
        this.rows = rows;
    }

    /** Starts {@code script} in a new detached session {@code name}. */
    void start(String name, Path script) throws IOException, InterruptedException {
        run("new-session", "-d", "-s", name, "-x", Integer.toString(columns), "-y", Integer.toString(rows),
                "sh " + script);
    }

    /** Types {@code keys} (tmux key names such as {@code Enter}, {@code Escape}, or literal text). */
    void send(String name, String... keys) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", name));
        args.addAll(List.of(keys));
        run(args.toArray(String[]::new));
    }

    /** Types {@code text} literally (no key names), e.g. a message with spaces. */
    void type(String name, String text) throws IOException, InterruptedException {
        run("send-keys", "-t", name, "-l", text);
    }

    /** The screen as text. */
    String screen(String name) throws IOException, InterruptedException {
        return run("capture-pane", "-p", "-t", name);
    }

    /** The screen with its colours and styles as escape sequences. */
    String screenWithStyles(String name) throws IOException, InterruptedException {
        return run("capture-pane", "-p", "-e", "-t", name);
    }

    void kill(String name) throws IOException, InterruptedException {
        run("kill-session", "-t", name);
    }

    /**
     * Polls the screen (plain, or with styles) until {@code condition} holds.
     *
     * @throws AssertionError naming {@code what} and showing the last screen, at the deadline
     */
    String await(String name, boolean styles, String what, Duration timeout, Predicate<String> condition)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String screen;
        while (true) {
            screen = styles ? screenWithStyles(name) : screen(name);
            if (condition.test(screen)) {
                return screen;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + " on " + name
                        + "'s screen:\n" + screen);
            }
            Thread.sleep(100); // a poll interval, not a wait for an outcome
        }
    }

    private String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(TMUX.toString(), "-L", socket, "-f", "/dev/null"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IOException("tmux " + String.join(" ", args) + " did not finish in " + COMMAND_TIMEOUT);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException("tmux " + String.join(" ", args) + " failed (" + p.exitValue() + "): " + out);
        }
        return out;
    }

    /** Kills the tmux server and every session in it. */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            run("kill-server");
        } catch (IOException e) {
            // no server: nothing was started, or it ended with its last session
        }
    }

    /** A script that runs {@code command} and then stays, so its exit status remains on screen. */
    static Path script(Path file, List<String> command) throws IOException {
        // Ctrl-C reaches the whole foreground process group, this shell too: it must outlive the command to print
        // its status. A trap (unlike ignoring the signal) is not inherited, so the command still gets Ctrl-C.
        StringBuilder text = new StringBuilder("#!/bin/sh\nexport LC_ALL=C.UTF-8 LANG=C.UTF-8\ntrap 'true' INT\n");
        for (String arg : command) {
            text.append('\'').append(arg.replace("'", "'\\''")).append("' ");
        }
        text.append("\necho \"[exited $?]\"\nexec sleep 600\n");
        Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
        return file;
    }
}

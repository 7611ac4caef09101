// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli;

import com.typesafe.config.ConfigFactory;
import io.switchboard.cli.demo.DemoScript;
import io.switchboard.cli.demo.DemoStepFailedException;
import io.switchboard.cli.demo.Glyphs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code switchboard demo}: runs {@link DemoScript} against an embedded server and prints its timeline. Needs no
 * setup and leaves nothing behind; exits 1 with one line naming the step when a step does not happen in time.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run an embedded server and three scripted clients; print every frame with its size next to"
                + " its XML equivalent. Ends by itself and cleans up.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--ascii", description = "Print [v], [vv] and [read] instead of check marks (the default when"
            + " the terminal is not UTF-8).")
    boolean ascii;

    @Option(names = "--unicode", description = "Print check marks even when the terminal does not look UTF-8.")
    boolean unicode;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Give up when the demo has not finished after this long (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--verbose", description = "Keep the server's and the SDK's log lines (on standard error).")
    boolean verbose;

    private final PrintStream out;

    DemoCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        if (!verbose) {
            // The timeline is the output; the embedded server's INFO lines (and its dev-mode warning) would bury it.
            LogLevels.apply(ConfigFactory.parseMap(Map.of("switchboard.log.levels.ROOT", "ERROR")));
        }
        Glyphs glyphs = ascii ? Glyphs.ASCII : unicode ? Glyphs.UNICODE : Glyphs.forTerminal();
        try {
            new DemoScript(out, glyphs, Duration.ofSeconds(timeoutSeconds)).run();
            return 0;
        } catch (DemoStepFailedException e) {
            out.flush();
            System.err.println("switchboard demo: " + e.getMessage());
            return 1;
        }
    }
}

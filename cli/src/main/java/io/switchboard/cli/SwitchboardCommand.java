// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code switchboard} command: the entry point of every user-facing action, reached through ./switchboard. */
@Command(name = "switchboard", mixinStandardHelpOptions = true, version = "switchboard 0.1.0",
        description = "Self-hostable messaging: server, clients and tools.",
        subcommands = {CommandLine.HelpCommand.class})
public final class SwitchboardCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SwitchboardCommand()).execute(args));
    }
}

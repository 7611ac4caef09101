// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintStream;

/**
 * The {@code switchboard} command: the entry point of every user-facing action, reached through the
 * {@code ./switchboard} launcher at the repository root. Subcommands are registered here and nowhere else.
 */
@Command(name = "switchboard", mixinStandardHelpOptions = true, version = "switchboard 0.1.0",
        description = "Self-hostable messaging: server, clients and tools.")
public final class SwitchboardCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The command line with every subcommand, printing to {@code out}. */
    static CommandLine commandLine(PrintStream out) {
        CommandLine cli = new CommandLine(new SwitchboardCommand());
        cli.addSubcommand(new ServerCommand(out));
        cli.addSubcommand(new RegisterCommand(out));
        cli.addSubcommand(new SendCommand(out));
        cli.addSubcommand(new InboxCommand(out));
        cli.addSubcommand(new PresenceCommand(out));
        cli.addSubcommand(new GroupCommand(out));
        cli.addSubcommand(new ChatCommand());
        cli.addSubcommand(new SafetyNumberCommand(out));
        cli.addSubcommand(new WireDemoCommand(out));
        cli.addSubcommand(new DemoCommand(out));
        cli.addSubcommand(new BenchCommand());
        cli.addSubcommand(new CommandLine(new AdminCommand()).addSubcommand(new AdminStatsCommand(out))
                .addSubcommand(new AdminClusterCommand(out))
                .addSubcommand(new AdminHomeCommand(out)));
        cli.addSubcommand(new CommandLine.HelpCommand());
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setParameterExceptionHandler(new UsageErrors());
        // Errors are one clear line, not a stack trace: the cause's message is written for people.
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null
                    ? e.getCause() : e;
            System.err.println("switchboard: " + describe(cause));
            return 1;
        });
        return cli;
    }

    private static String describe(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof java.util.concurrent.TimeoutException) {
            return "the server did not answer in time";
        }
        if (e instanceof java.nio.file.FileSystemException files) {
            return describe(files);
        }
        return message;
    }

    /** The JDK's file exceptions carry only the path as their message; say what went wrong with it. */
    private static String describe(java.nio.file.FileSystemException e) {
        String file = e.getFile();
        if (e instanceof java.nio.file.FileAlreadyExistsException) {
            return "cannot create " + file + ": a file of that name is in the way; remove it or choose another path";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied on " + file + "; fix its permissions or choose another path";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return file + " does not exist";
        }
        if (e instanceof java.nio.file.NotDirectoryException) {
            return file + " is not a directory";
        }
        return file + ": " + (e.getReason() != null ? e.getReason() : e.getClass().getSimpleName());
    }

    public static void main(String[] args) {
        // On a machine with 2 cores the common pool has parallelism 1, and CompletableFuture then starts a new
        // thread for every async callback (Pekko's ask futures run plain callbacks async). Two is enough to avoid it.
        if (System.getProperty("java.util.concurrent.ForkJoinPool.common.parallelism") == null
                && Runtime.getRuntime().availableProcessors() <= 2) {
            System.setProperty("java.util.concurrent.ForkJoinPool.common.parallelism", "2");
        }
        System.exit(commandLine(System.out).execute(args));
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli;

import io.switchboard.loadgen.Charts;
import io.switchboard.loadgen.connections.ConnectionsCoordinator;
import io.switchboard.loadgen.connections.ConnectionsOptions;
import io.switchboard.loadgen.connections.ConnectionsResult;

import io.switchboard.loadgen.LoadGenerator;
import io.switchboard.loadgen.ResultWriter;
import io.switchboard.loadgen.Scenario;
import io.switchboard.loadgen.scenario.GroupScenario;
import io.switchboard.loadgen.scenario.OfflineScenario;
import io.switchboard.loadgen.scenario.OneToOneScenario;
import io.switchboard.loadgen.scenario.RegisterScenario;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code switchboard bench SCENARIO}: runs one load scenario against an embedded or running server and writes
 * {@code result.json}, {@code summary.md} and PNG charts into a results directory; prints the summary. Each
 * scenario is a subcommand with its own options and the shared {@link BenchOptions}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Load generator: run a scenario, write result.json, summary.md and charts.",
        subcommands = {BenchCommand.OneToOne.class, BenchCommand.Group.class, BenchCommand.Offline.class,
                BenchCommand.Register.class, BenchCommand.Connect.class, BenchCommand.Reconnect.class})
final class BenchCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs {@code scenario}, prints its summary and where the results are. */
    static int execute(Scenario scenario, BenchOptions options, CommandLine.Model.CommandSpec spec)
            throws Exception {
        String commandLine = "switchboard " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        LoadGenerator.Report report = LoadGenerator.run(scenario, options.toRun(commandLine));
        PrintWriter out = spec.commandLine().getOut();
        out.print(Files.readString(report.dir().resolve(ResultWriter.SUMMARY)));
        out.println();
        out.println("results: " + report.dir().toAbsolutePath());
        out.flush();
        return 0;
    }

    @Command(name = "one-to-one", mixinStandardHelpOptions = true, sortOptions = false,
            description = "P online pairs at a fixed offered rate (open loop); --sweep steps the rate up until p99 "
                    + "passes a bound or messages are lost.")
    static final class OneToOne implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        BenchOptions bench;
        @Option(names = "--pairs", defaultValue = "50", description = "Sender/recipient pairs (${DEFAULT-VALUE}).")
        int pairs;
        @Option(names = "--rate", defaultValue = "2000",
                description = "Offered msgs/s over all senders; the first step's when sweeping (${DEFAULT-VALUE}).")
        double rate;
        @Option(names = "--duration", defaultValue = "20",
                description = "Seconds of sending; each step's when sweeping (${DEFAULT-VALUE}).")
        double seconds;
        @Option(names = "--warmup", defaultValue = "3", description = "Seconds at --rate first, not recorded "
                + "(${DEFAULT-VALUE}).")
        double warmup;
        @Option(names = "--drain", defaultValue = "10",
                description = "Longest wait for the last deliveries after sending, seconds (${DEFAULT-VALUE}).")
        double drain;
        @Option(names = "--sweep", description = "Step the rate up until p99 passes --p99-bound or a loss.")
        boolean sweep;
        @Option(names = "--step-factor", defaultValue = "1.5", description = "Rate multiplier per step "
                + "(${DEFAULT-VALUE}).")
        double stepFactor;
        @Option(names = "--p99-bound", defaultValue = "50", paramLabel = "MS",
                description = "End-to-end p99 a sustained rate must stay under, ms (${DEFAULT-VALUE}).")
        double p99Bound;
        @Option(names = "--max-rate", defaultValue = "200000", description = "The sweep stops past this rate "
                + "(${DEFAULT-VALUE}).")
        double maxRate;
        @Option(names = "--max-pending", defaultValue = "10000",
                description = "Each client's outbox bound; sends beyond it count as lost (${DEFAULT-VALUE}).")
        int maxPending;

        @Override
        public Integer call() throws Exception {
            return execute(new OneToOneScenario(new OneToOneScenario.Settings(pairs, rate, seconds, warmup, drain,
                    sweep, stepFactor, p99Bound, maxRate, maxPending, bench.clientThreads)), bench, spec);
        }
    }

    @Command(name = "group", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Fanout to one group of G members: latency one message at a time, then throughput with "
                    + "a window of messages in flight.")
    static final class Group implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        BenchOptions bench;
        @Option(names = "--members", defaultValue = "1024", description = "Group size (${DEFAULT-VALUE}).")
        int members;
        @Option(names = "--messages", defaultValue = "300", description = "Messages timed one at a time "
                + "(${DEFAULT-VALUE}).")
        int messages;
        @Option(names = "--warmup", defaultValue = "50", description = "Untimed messages first (${DEFAULT-VALUE}).")
        int warmup;
        @Option(names = "--duration", defaultValue = "20", description = "Seconds of the throughput phase; 0 "
                + "skips it (${DEFAULT-VALUE}).")
        double seconds;
        @Option(names = "--window", defaultValue = "16", description = "Messages in flight per sender "
                + "(${DEFAULT-VALUE}).")
        int window;
        @Option(names = "--senders", defaultValue = "1", description = "Members sending at once (${DEFAULT-VALUE}).")
        int senders;
        @Option(names = "--baseline", defaultValue = "5", description = "Rounds of G-1 separate 1:1 messages "
                + "against one group message; 0 skips it (${DEFAULT-VALUE}).")
        int baseline;

        @Override
        public Integer call() throws Exception {
            return execute(new GroupScenario(new GroupScenario.Settings(members, messages, warmup, seconds, window,
                    senders, baseline, bench.clientThreads)), bench, spec);
        }
    }

    @Command(name = "offline", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Queue M messages for U offline users, then log them all in and measure the drain.")
    static final class Offline implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        BenchOptions bench;
        @Option(names = "--users", defaultValue = "100", description = "Offline recipients (${DEFAULT-VALUE}).")
        int users;
        @Option(names = "--messages", defaultValue = "10000", description = "Messages queued in all "
                + "(${DEFAULT-VALUE}).")
        int messages;
        @Option(names = "--senders", defaultValue = "4", description = "Senders queueing them (${DEFAULT-VALUE}).")
        int senders;
        @Option(names = "--window", defaultValue = "500", description = "Unacknowledged messages per sender "
                + "(${DEFAULT-VALUE}).")
        int window;
        @Option(names = "--timeout", defaultValue = "300", description = "Longest wait for the drain, seconds "
                + "(${DEFAULT-VALUE}).")
        double timeout;

        @Override
        public Integer call() throws Exception {
            return execute(new OfflineScenario(new OfflineScenario.Settings(users, messages, senders, window, timeout,
                    bench.clientThreads)), bench, spec);
        }
    }

    @Command(name = "register", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Registration storm: N new users, C at a time, against a dev-mode server.")
    static final class Register implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        BenchOptions bench;
        @Option(names = "--count", defaultValue = "2000", description = "Registrations (${DEFAULT-VALUE}).")
        int count;
        @Option(names = "--concurrency", defaultValue = "32", description = "Registrations in flight "
                + "(${DEFAULT-VALUE}).")
        int concurrency;
        @Option(names = "--timeout", defaultValue = "300", description = "Longest the storm may take, seconds "
                + "(${DEFAULT-VALUE}).")
        double timeout;

        @Override
        public Integer call() throws Exception {
            return execute(new RegisterScenario(new RegisterScenario.Settings(count, concurrency, timeout,
                    bench.clientThreads)), bench, spec);
        }
    }

    /**
     * Runs the connections engine, which starts and owns its server (a pre-touched fixed heap, so RSS growth is
     * native memory; restarted for {@code reconnect}), and writes {@code result.json}, {@code summary.md} and a
     * chart of the connections held over time.
     */
    static int executeConnections(ConnectionsOptions options, Path out, CommandLine.Model.CommandSpec spec)
            throws Exception {
        ConnectionsResult result = ConnectionsCoordinator.run(options);
        Path dir = out != null ? out : Path.of("bench-results", spec.name() + "-"
                + java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(dir);
        String commandLine = "switchboard " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
                .writeValue(dir.resolve(ResultWriter.JSON).toFile(), java.util.Map.of("scenario", spec.name(),
                        "command", commandLine, "result", result));
        Charts.connectedOverTime(result.timeline(), dir.resolve(ResultWriter.CONNECTIONS_PNG));
        Files.writeString(dir.resolve(ResultWriter.SUMMARY), "# " + spec.name() + "\n\n`" + commandLine
                + "`\n\n```\n" + result.summary() + "```\n\n![connections](" + ResultWriter.CONNECTIONS_PNG
                + ")\n");
        PrintWriter print = spec.commandLine().getOut();
        print.print(result.summary());
        print.println("results: " + dir.toAbsolutePath());
        print.flush();
        return 0;
    }

    /** The options {@code connect} and {@code reconnect} share. */
    static final class ConnectionOptions {
        @Option(names = "--connections", defaultValue = "19000", description = "Connections (${DEFAULT-VALUE}).")
        int connections;
        @Option(names = "--workers", description = "Worker processes (default: one per 9,500 connections).")
        Integer workers;
        @Option(names = "--data", description = "Directory to keep the server and the registered keys in; reuse it "
                + "to skip registration (default: a new temporary one).")
        Path data;
        @Option(names = "--out", description = "Results directory (default: bench-results/SCENARIO-TIME).")
        Path out;

        /** The engine's options: its defaults for this many connections, with what was given. */
        ConnectionsOptions engine(String reconnect) {
            java.util.Map<String, String> args = new java.util.HashMap<>();
            args.put("connections", Integer.toString(connections));
            args.put("reconnect", reconnect);
            args.put("progress", "true");
            if (workers != null) {
                args.put("workers", Integer.toString(workers));
            }
            if (data != null) {
                args.put("data", data.toString());
            }
            return ConnectionsOptions.defaults(connections).with(args);
        }
    }

    @Command(name = "connect", mixinStandardHelpOptions = true, sortOptions = false,
            description = "N idle logged-in connections on one server, spread over worker processes and source "
                    + "addresses: registration and connect+login rates, server RSS and heap per connection.")
    static final class Connect implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        ConnectionOptions connections;

        @Override
        public Integer call() throws Exception {
            return executeConnections(connections.engine("none"), connections.out, spec);
        }
    }

    @Command(name = "reconnect", mixinStandardHelpOptions = true, sortOptions = false,
            description = "N connected clients dropped at once (server restart, or the clients close): time until "
                    + "50 %%, 99 %% and all are logged in again.")
    static final class Reconnect implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        ConnectionOptions connections;
        @Option(names = "--mode", defaultValue = "restart", description = "restart (the server) or drop (the "
                + "clients close) (${DEFAULT-VALUE}).")
        String mode;

        @Override
        public Integer call() throws Exception {
            return executeConnections(connections.engine(mode), connections.out, spec);
        }
    }
}

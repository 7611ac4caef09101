// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.loadgen.connections;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The coordinator's side of one worker process: starts it on this JVM's class path, sends commands, hands its
 * {@code count} lines to a listener and waits for its {@code done} lines. The worker's standard error (and
 * non-protocol output) goes to a log file.
 */
final class WorkerHandle implements AutoCloseable {
    private final Process process;
    private final Writer commands;
    private final LinkedBlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final String name;
    private int knownKeys;

    private WorkerHandle(String name, Process process) {
        this.name = name;
        this.process = process;
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** Starts a worker with {@code jvmOptions} and the worker's {@code args}; waits for its {@code ready} line. */
    static WorkerHandle start(String name, List<String> jvmOptions, List<String> args, Path log,
            Consumer<WorkerLines.Count> counts) throws IOException, InterruptedException, TimeoutException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ConnectionsWorker.class.getName()));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        WorkerHandle worker = new WorkerHandle(name, process);
        Thread reader = new Thread(() -> worker.read(log, counts), name + "-output");
        reader.setDaemon(true);
        reader.start();
        worker.knownKeys = Integer.parseInt(worker.await("ready", Duration.ofSeconds(60))[1]);
        return worker;
    }

    long pid() {
        return process.pid();
    }

    /** Accounts of this worker whose keys an earlier run stored. */
    int knownKeys() {
        return knownKeys;
    }

    void send(String command) throws IOException {
        commands.write(command + "\n");
        commands.flush();
    }

    /**
     * Waits for the next reply line (not a {@code count}) and checks it starts with {@code expected}.
     *
     * @return the reply's words
     */
    String[] await(String expected, Duration timeout) throws InterruptedException, TimeoutException {
        String line = replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null) {
            throw new TimeoutException(name + ": no '" + expected + "' within " + timeout
                    + (process.isAlive() ? "" : " (exited " + process.exitValue() + ")"));
        }
        if (!line.startsWith(expected)) {
            throw new IllegalStateException(name + ": expected '" + expected + "', got '" + line + "'");
        }
        return line.split(" ");
    }

    private void read(Path log, Consumer<WorkerLines.Count> counts) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (!line.startsWith(WorkerLines.PREFIX)) {
                    continue;  // the worker's own logging; its standard error is in the log file
                }
                String reply = line.substring(WorkerLines.PREFIX.length());
                if (reply.startsWith("count ")) {
                    counts.accept(WorkerLines.Count.parse(reply.split(" ")));
                } else {
                    replies.add(reply);
                }
            }
        } catch (IOException e) {
            replies.add("error " + name + " output: " + e);
        }
        replies.add("error " + name + " exited; see " + log);
    }

    /** Asks the worker to stop, then kills it if it has not exited within 10 s. */
    @Override
    public void close() throws InterruptedException {
        try {
            send("stop");
        } catch (IOException e) {
            // already gone
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}

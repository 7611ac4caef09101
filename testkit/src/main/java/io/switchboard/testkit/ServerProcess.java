// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Switchboard server in its own JVM ({@link ChildJvm}), started from the test's class path with
 * {@code switchboard server} on port 0 (client, admin and cluster ports, each read back from what the server
 * prints) and a data directory that outlives restarts. The system property {@value #CLASS_PATH_PROPERTY} names
 * another class path for the server, e.g. {@code cli/target/switchboard.jar} when the caller runs from a shaded
 * jar, whose one merged {@code reference.conf} cannot configure Pekko.
 * {@link #kill9()} sends SIGKILL, as an operator's {@code kill -9} would; {@link #restart()} starts it again on the
 * same data (and a new port).
 *
 * <p>Every port is bound by the child and reported on its standard output, never chosen here: a port probed free
 * and closed again can be taken by another process before the child binds it ("Address already in use").
 */
public final class ServerProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("switchboard: listening on (?:\\S*:)?(\\d+)");
    private static final Pattern ADMIN = Pattern.compile("switchboard: admin on (?:\\S*:)?(\\d+)");
    private static final Pattern CLUSTER = Pattern.compile("switchboard: cluster on (\\d+)");
    // Generous: a start takes 5 s on a quiet machine and has taken a minute on a busy one; a hung start still fails.
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    /** Overrides the class path the server is started with. */
    public static final String CLASS_PATH_PROPERTY = ChildJvm.CLASS_PATH_PROPERTY;

    private final Path dataDir;
    private final List<String> jvmOptions;
    private List<String> extraArgs;
    private final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();
    private Process process;
    private int port;
    private int fixedPort;
    private int adminPort;
    private int clusterPort;

    private ServerProcess(Path dataDir, List<String> jvmOptions, List<String> extraArgs) {
        this.dataDir = dataDir;
        this.jvmOptions = jvmOptions;
        this.extraArgs = extraArgs;
    }

    /** Starts a dev-mode server on an embedded store in {@code dataDir}. */
    public static ServerProcess start(Path dataDir, String... extraArgs) throws IOException {
        return start(List.of("-Xmx512m", "-XX:+UseSerialGC"), dataDir, extraArgs);
    }

    /** Starts a dev-mode server with the given JVM options (heap, GC) on an embedded store in {@code dataDir}. */
    public static ServerProcess start(List<String> jvmOptions, Path dataDir, String... extraArgs) throws IOException {
        ServerProcess server = new ServerProcess(dataDir, jvmOptions, List.of(extraArgs));
        server.launch();
        return server;
    }

    public int port() {
        return port;
    }

    /** The admin HTTP port ({@code /metrics}, {@code /health}). */
    public int adminPort() {
        return adminPort;
    }

    /** The port other cluster nodes join through ({@code --cluster-seeds 127.0.0.1:PORT}). */
    public int clusterPort() {
        return clusterPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The server's process id, for measuring it from outside (RSS, jcmd). */
    public long pid() {
        return process.pid();
    }

    /** What the server printed (standard output and error), for failure messages. */
    public String output() {
        return String.join("\n", log);
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed that was not already. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("server did not die after SIGKILL");
        }
    }

    /** Whether the process is alive (frozen counts as alive). */
    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** SIGSTOP: the process stays but does nothing, as a node that hangs or is cut off. */
    public void freeze() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT after {@link #freeze()}. */
    public void thaw() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** Starts the server again on the same data directory (and a new port). */
    public void restart() throws IOException {
        launch();
    }

    /** Starts the server again on the same data directory and the same port, where clients will look for it. */
    public void restartOnSamePort() throws IOException {
        fixedPort = port;
        launch();
    }

    /**
     * As {@link #restartOnSamePort()}, with {@code extraArgs} in place of the ones it was started with: a cluster
     * node that restarts needs the seeds that are up now, not the ones it first joined through.
     */
    public void restartOnSamePort(List<String> extraArgs) throws IOException {
        this.extraArgs = List.copyOf(extraArgs);
        restartOnSamePort();
    }

    /**
     * SIGTERM, as an init system stops a service.
     *
     * @return the exit code, once the process has exited
     * @throws IllegalStateException when it did not exit within {@code timeout}
     */
    public int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("server did not exit within " + timeout + " of SIGTERM");
        }
        return process.exitValue();
    }

    private void launch() throws IOException {
        Files.createDirectories(dataDir);
        List<String> args = new ArrayList<>(List.of("server",
                "--port", Integer.toString(fixedPort), "--admin-port", "0", "--host", "127.0.0.1",
                "--data", dataDir.toString(), "--dev"));
        args.addAll(extraArgs);
        process = ChildJvm.start("server", jvmOptions, "io.switchboard.cli.SwitchboardCommand", args,
                builder -> builder.redirectErrorStream(true));
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        CompletableFuture<Integer> admin = new CompletableFuture<>();
        CompletableFuture<Integer> cluster = new CompletableFuture<>();
        Process started = process;
        Thread reader = new Thread(() -> readOutput(started, listening, admin, cluster), "server-output");
        reader.setDaemon(true);
        reader.start();
        try {
            port = listening.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            adminPort = admin.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            clusterPort = cluster.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException("server did not start within " + START_TIMEOUT + ":\n" + output(), e);
        }
    }

    private void readOutput(Process p, CompletableFuture<Integer> listening, CompletableFuture<Integer> admin,
                            CompletableFuture<Integer> cluster) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                log.add(line);
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    listening.complete(Integer.parseInt(m.group(1)));
                }
                Matcher a = ADMIN.matcher(line);
                if (a.find()) {
                    admin.complete(Integer.parseInt(a.group(1)));
                }
                Matcher c = CLUSTER.matcher(line);
                if (c.find()) {
                    cluster.complete(Integer.parseInt(c.group(1)));
                }
            }
        } catch (IOException e) {
            listening.completeExceptionally(e);
            admin.completeExceptionally(e);
            cluster.completeExceptionally(e);
        }
        listening.completeExceptionally(new IOException("server exited"));
        admin.completeExceptionally(new IOException("server exited"));
        cluster.completeExceptionally(new IOException("server exited"));
    }

    /** Stops the server (SIGTERM, then SIGKILL after 20 s). */
    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}

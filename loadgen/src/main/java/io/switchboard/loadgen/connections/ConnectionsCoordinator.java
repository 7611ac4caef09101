// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.loadgen.connections;

import io.switchboard.loadgen.ProcessMemory;
import io.switchboard.loadgen.Target;
import io.switchboard.testkit.ServerProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The {@code connect} and {@code reconnect} engines: starts a dev-mode server process and {@link ConnectionsWorker}
 * processes, then (1) registers every account that has no stored key, and if any was registered restarts the
 * server so the baseline holds no registration leftovers; (2) logs in the warm-up clients and measures the server
 * (full GC, heap, class histogram, RSS); (3) logs in the rest, timing it, and measures again: the difference over
 * the added connections is the memory per idle authenticated connection; (4) optionally drops every connection
 * at once and times how long until 50 %, 99 % and 100 % of the clients are logged in again. Every phase is bounded
 * in time; loopback only.
 *
 * <p>Standalone: {@code ConnectionsCoordinator [--connections 19000] [--workers 2] [--sources 127.0.0.2,..]
 * [--data DIR] [--warmup 1900] [--in-flight 200] [--reconnect restart|drop|none] [--backoff-initial-ms 250]
 * [--backoff-max-ms 2000] [--reconnect-timeout-s 60] [--histogram true] [--clean-baseline true]
 * [--progress true] [--server-jvm "-Xms1g -Xmx1g .."]}. Run from the module class path (not the shaded
 * jar, or set {@value ServerProcess#CLASS_PATH_PROPERTY}).
 */
public final class ConnectionsCoordinator {
    private static final Duration PHASE_TIMEOUT = Duration.ofMinutes(20);
    private static final int TOP_CLASSES = 15;

    private final ConnectionsOptions options;
    private final Tally tally;
    private final List<ConnectionsResult.Sample> timeline = new CopyOnWriteArrayList<>();
    private final long startNanos = System.nanoTime();
    private volatile String phase = "start";
    private int marks;

    private ConnectionsCoordinator(ConnectionsOptions options) {
        this.options = options;
        this.tally = new Tally(options.workers());
    }

    /** Runs the engine; returns once every process it started has stopped. */
    public static ConnectionsResult run(ConnectionsOptions options) throws Exception {
        return new ConnectionsCoordinator(options).run();
    }

    public static void main(String[] args) throws Exception {
        ConnectionsOptions options = ConnectionsOptions.defaults(19_000)
                .with(withProgress(WorkerLines.parseArgs(args)));
        ConnectionsResult result = run(options);
        System.out.print(result.summary());
        System.out.println("connected per second: " + result.timeline());
    }

    private static java.util.Map<String, String> withProgress(java.util.Map<String, String> args) {
        java.util.Map<String, String> all = new java.util.HashMap<>(args);
        all.putIfAbsent("progress", "true");
        return all;
    }

    private ConnectionsResult run() throws Exception {
        Path dir = options.dataDir() != null ? options.dataDir() : Files.createTempDirectory("sb-connections");
        Files.createDirectories(dir);
        Path conf = dir.resolve("server.conf");
        Files.writeString(conf, Target.LIFTED_LIMITS);
        Thread sampler = new Thread(this::sample, "timeline");
        sampler.setDaemon(true);
        sampler.start();
        List<WorkerHandle> workers = new ArrayList<>();
        try (ServerProcess server = ServerProcess.start(options.serverJvmOptions(), dir.resolve("server"),
                "--config", conf.toString())) {
            int known = startWorkers(workers, dir, server.port());
            ConnectionsResult.Registration registration = register(workers, known);
            if (registration.registered() > 0 && options.cleanBaseline()) {
                phase = "restart";
                server.terminate(Duration.ofSeconds(60));
                server.restartOnSamePort();
            }
            phase = "warm-up";
            int baseline = login(workers, options.warmup());
            tally.awaitLoggedIn(baseline, 10_000);
            ServerMemory before = ServerMemory.measure(server.pid(), options.histogram());
            nativeMemory(server.pid(), dir.resolve("native-memory-before.txt"));
            phase = "login";
            long[] cpu = cpu(server, workers);
            long start = System.nanoTime();
            int added = login(workers, options.connections());
            double seconds = (System.nanoTime() - start) / 1e9;
            long[] cpuAfter = cpu(server, workers);
            if (!tally.awaitLoggedIn(baseline + added, 10_000)) {
                throw new IllegalStateException("only " + tally.sum(Tally.Field.LOGGED_IN) + " of "
                        + (baseline + added) + " clients logged in");
            }
            ConnectionsResult.Login login = new ConnectionsResult.Login(added, seconds,
                    tally.sum(Tally.Field.CONNECT_FAILED), tally.sum(Tally.Field.REFUSED), cpuAfter[0] - cpu[0],
                    cpuAfter[1] - cpu[1]);
            phase = "measure";
            ServerMemory after = ServerMemory.measure(server.pid(), options.histogram());
            nativeMemory(server.pid(), dir.resolve("native-memory-after.txt"));
            ConnectionsResult.Memory memory = new ConnectionsResult.Memory(baseline, added,
                    options.serverJvmOptions().contains("-XX:+AlwaysPreTouch"), before.rss(), after.rss(),
                    before.heap(), after.heap(), after.topGrowth(before, added, TOP_CLASSES));
            if (options.histogram()) {
                Files.write(dir.resolve("histogram-growth.txt"), after.topGrowth(before, added, Integer.MAX_VALUE)
                        .stream().map(c -> String.format(java.util.Locale.ROOT, "%10.1f %8.2f %s",
                                c.bytesPerConnection(), c.instancesPerConnection(), c.className())).toList());
            }
            int held = tally.sum(Tally.Field.LOGGED_IN);
            ConnectionsResult.Reconnect reconnect = options.reconnect() == ConnectionsOptions.Reconnect.NONE ? null
                    : reconnect(workers, server, held);
            phase = "stop";
            return new ConnectionsResult(held, options.workers(), options.sourceAddresses(), registration, login,
                    memory, reconnect, List.copyOf(timeline));
        } finally {
            for (WorkerHandle worker : workers) {
                worker.close();
            }
            sampler.interrupt();
        }
    }

    /** Starts the workers, each with an equal share of the numbers; returns the keys they found. */
    private int startWorkers(List<WorkerHandle> workers, Path dir, int port) throws Exception {
        int n = options.connections();
        int known = 0;
        for (int w = 0; w < options.workers(); w++) {
            int first = (int) ((long) n * w / options.workers());
            int last = (int) ((long) n * (w + 1) / options.workers());
            int index = w;
            WorkerHandle worker = WorkerHandle.start("worker-" + w, options.workerJvmOptions(), List.of(
                    "--server", "127.0.0.1:" + port, "--first", Integer.toString(first),
                    "--count", Integer.toString(last - first), "--sources", String.join(",", options.sourceAddresses()),
                    "--keys", dir.resolve("keys").toString(), "--name", "worker-" + w,
                    "--in-flight", Integer.toString(options.inFlightPerWorker()),
                    "--backoff-initial-ms", Long.toString(options.backoffInitial().toMillis()),
                    "--backoff-max-ms", Long.toString(options.backoffMax().toMillis())),
                    dir.resolve("worker-" + w + ".log"), count -> tally.onCount(index, count));
            workers.add(worker);
            known += worker.knownKeys();
        }
        return known;
    }

    private ConnectionsResult.Registration register(List<WorkerHandle> workers, int reused) throws Exception {
        phase = "register";
        long start = System.nanoTime();
        for (WorkerHandle worker : workers) {
            worker.send("register");
        }
        int registered = 0;
        int failed = 0;
        for (WorkerHandle worker : workers) {
            String[] done = worker.await("done register", PHASE_TIMEOUT);
            registered += Integer.parseInt(done[2]);
            failed += Integer.parseInt(done[3]);
        }
        return new ConnectionsResult.Registration(registered, reused, failed,
                (System.nanoTime() - start) / 1e9);
    }

    /** Logs in the first {@code total} clients (over all workers) not yet logged in; returns how many it started. */
    private int login(List<WorkerHandle> workers, int total) throws Exception {
        int n = options.connections();
        for (int w = 0; w < workers.size(); w++) {
            int first = (int) ((long) n * w / workers.size());
            int last = (int) ((long) n * (w + 1) / workers.size());
            int share = (int) ((long) total * (w + 1) / workers.size()) - (int) ((long) total * w / workers.size());
            workers.get(w).send("login " + Math.min(share, last - first));
        }
        int started = 0;
        for (WorkerHandle worker : workers) {
            started += Integer.parseInt(worker.await("done login", PHASE_TIMEOUT)[2]);
        }
        return started;
    }

    private ConnectionsResult.Reconnect reconnect(List<WorkerHandle> workers, ServerProcess server, int clients)
            throws Exception {
        phase = "mark";
        for (WorkerHandle worker : workers) {
            worker.send("mark");
            worker.await("done mark", Duration.ofSeconds(10));
        }
        phase = "reconnect";
        long dropped = System.currentTimeMillis();
        tally.watch(dropped, clients, ++marks);
        int failedBefore = tally.sum(Tally.Field.CONNECT_FAILED);
        int refusedBefore = tally.sum(Tally.Field.REFUSED);
        long listening = -1;
        long stopped = -1;
        if (options.reconnect() == ConnectionsOptions.Reconnect.RESTART) {
            server.terminate(Duration.ofSeconds(60));
            stopped = System.currentTimeMillis() - dropped;
            server.restartOnSamePort();
            listening = System.currentTimeMillis() - dropped;
        } else {
            for (WorkerHandle worker : workers) {
                worker.send("drop");
            }
            for (WorkerHandle worker : workers) {
                worker.await("done drop", Duration.ofSeconds(10));
            }
        }
        long[] times = tally.awaitAllBack(options.reconnectTimeout().toMillis());
        return new ConnectionsResult.Reconnect(options.reconnect().name().toLowerCase(),
                tally.sum(Tally.Field.SINCE_MARK), tally.sum(Tally.Field.CONNECT_FAILED) - failedBefore,
                tally.sum(Tally.Field.REFUSED) - refusedBefore, stopped,
                listening, times[0], times[1], times[2]);
    }

    /** CPU milliseconds used so far by the server and by all workers together. */
    private static long[] cpu(ServerProcess server, List<WorkerHandle> workers) throws IOException {
        long clients = 0;
        for (WorkerHandle worker : workers) {
            clients += ProcessMemory.cpuMillis(worker.pid());
        }
        return new long[] {ProcessMemory.cpuMillis(server.pid()), clients};
    }

    /** With {@code -XX:NativeMemoryTracking} on the server, saves its summary, to tell native memory apart. */
    private void nativeMemory(long pid, Path file) throws Exception {
        if (options.serverJvmOptions().stream().anyMatch(o -> o.startsWith("-XX:NativeMemoryTracking"))) {
            Files.writeString(file, ProcessMemory.jcmd(pid, "VM.native_memory summary"));
        }
    }

    private void sample() {
        try {
            for (int second = 0; ; second++) {
                ConnectionsResult.Sample sample = new ConnectionsResult.Sample(second, phase,
                        tally.sum(Tally.Field.LOGGED_IN));
                timeline.add(sample);
                if (options.progress()) {
                    System.err.printf("[%4d s] %-10s %6d connected, %6d registered%n", second, sample.phase(),
                            sample.connected(), tally.sum(Tally.Field.REGISTERED));
                }
                long next = startNanos + (second + 1) * 1_000_000_000L;
                Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
            }
        } catch (InterruptedException e) {
            // the run is over
        }
    }
}

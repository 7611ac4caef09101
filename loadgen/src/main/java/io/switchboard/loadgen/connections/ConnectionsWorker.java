// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.loadgen.connections;

import io.switchboard.client.ClientTransport;
import io.switchboard.client.ConnectionSettings;
import io.switchboard.crypto.SignalX25519;
import io.switchboard.protocol.noise.X25519;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A worker process of the {@code connect} and {@code reconnect} engines, started by {@link ConnectionsCoordinator}:
 * it owns the numbers {@code first .. first+count-1}, each an {@link IdleClient} whose sockets are bound to one of
 * the source addresses in turn, and obeys one command per line on standard input. It answers on standard output
 * with lines that start with {@value WorkerLines#PREFIX} (anything else there, such as logging, is not protocol):
 * a progress line every 50 ms while figures change (at least every second), and one {@code done} line per command.
 *
 * <pre>
 * register     register every number without a key in the keys directory   -> done register NEW FAILED MILLIS
 * login N      log in clients 0..N-1 not yet started                        -> done login LOGGED_IN MILLIS
 * mark         restart the "logins since mark" count                        -> done mark
 * drop         close every connection (each client reconnects with backoff) -> done drop
 * stop         close everything and exit                                     -> done stop
 * </pre>
 *
 * Arguments: {@code --server HOST:PORT --first F --count C --sources A,B,.. --keys DIR --name NAME
 * [--in-flight 200] [--backoff-initial-ms 250] [--backoff-max-ms 2000]}.
 */
public final class ConnectionsWorker {
    private final List<IdleClient> clients = new ArrayList<>();
    private final ClientCounters counters = new ClientCounters();
    private final ClientTransport transport = ClientTransport.create(1);
    private final X25519 x25519 = new SignalX25519();
    private final PrintStream out;
    private final Path keyFile;
    private final int inFlight;
    private int started;

    private ConnectionsWorker(Map<String, String> args, PrintStream out) throws IOException {
        this.out = out;
        String[] server = args.get("server").split(":");
        List<InetSocketAddress> servers = List.of(new InetSocketAddress(server[0], Integer.parseInt(server[1])));
        int first = Integer.parseInt(args.get("first"));
        int count = Integer.parseInt(args.get("count"));
        Path keys = Path.of(args.get("keys"));
        this.keyFile = keys.resolve(args.get("name") + ".keys");
        this.inFlight = Integer.parseInt(args.getOrDefault("in-flight", "200"));
        Duration initial = Duration.ofMillis(Long.parseLong(args.getOrDefault("backoff-initial-ms", "250")));
        Duration max = Duration.ofMillis(Long.parseLong(args.getOrDefault("backoff-max-ms", "2000")));
        List<ConnectionSettings> perSource = new ArrayList<>();
        for (String source : args.get("sources").split(",")) {
            perSource.add(ConnectionSettings.DEFAULT.withLocalAddress(InetAddress.getByName(source)));
        }
        Map<String, byte[]> known = KeyFile.readAll(keys);
        for (int i = first; i < first + count; i++) {
            String phone = phone(i);
            byte[] key = known.get(phone);
            clients.add(new IdleClient(phone, key == null ? null : x25519.keyPair(key), transport,
                    perSource.get(i % perSource.size()), x25519, servers, counters, initial, max));
        }
    }

    /** The load generator's number for account {@code index}: +1777 and seven digits. */
    static String phone(int index) {
        return String.format("+1777%07d", index);
    }

    public static void main(String[] argv) throws Exception {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        ConnectionsWorker worker = new ConnectionsWorker(WorkerLines.parseArgs(argv), out);
        worker.say("ready " + worker.clients.stream().filter(c -> c.key() != null).count());
        Thread progress = new Thread(worker::reportProgress, "progress");
        progress.setDaemon(true);
        progress.start();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (!worker.obey(line.strip())) {
                break;
            }
        }
        worker.stop();
        System.exit(0);
    }

    private boolean obey(String command) throws Exception {
        String[] words = command.split(" ");
        switch (words[0]) {
            case "register" -> register();
            case "login" -> login(Integer.parseInt(words[1]));
            case "mark" -> {
                counters.mark();
                say("done mark");
            }
            case "drop" -> {
                clients.forEach(IdleClient::drop);
                say("done drop");
            }
            case "stop" -> {
                return false;
            }
            default -> say("error unknown command " + command);
        }
        return true;
    }

    private void register() throws Exception {
        long start = System.nanoTime();
        List<IdleClient> missing = clients.stream().filter(c -> c.key() == null).toList();
        AtomicInteger failed = new AtomicInteger();
        try (KeyFile keys = KeyFile.append(keyFile)) {
            runBounded(missing, client -> client.register().handle((ok, failure) -> {
                if (failure != null) {
                    failed.incrementAndGet();
                    counters.registerFailed();
                    System.err.println(client.phone() + ": registration failed: " + failure);
                    return null;
                }
                try {
                    keys.add(client.phone(), client.key().privateKey());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                counters.registered();
                return null;
            })).join();
        }
        say("done register " + (missing.size() - failed.get()) + " " + failed.get() + " "
                + (System.nanoTime() - start) / 1_000_000);
    }

    private void login(int upTo) {
        long start = System.nanoTime();
        List<IdleClient> batch = clients.subList(started, Math.max(started, Math.min(upTo, clients.size())))
                .stream().filter(c -> c.key() != null).toList();
        started = Math.max(started, Math.min(upTo, clients.size()));
        runBounded(batch, client -> client.login().exceptionally(failure -> {
            System.err.println(failure.getMessage());
            return null;
        })).join();
        say("done login " + batch.size() + " " + (System.nanoTime() - start) / 1_000_000);
    }

    /** Runs {@code task} for every client, at most {@code inFlight} at a time. */
    private CompletableFuture<Void> runBounded(List<IdleClient> all,
            Function<IdleClient, CompletableFuture<?>> task) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (all.isEmpty()) {
            done.complete(null);
            return done;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        Runnable[] startNext = new Runnable[1];
        startNext[0] = () -> {
            int i = next.getAndIncrement();
            if (i < all.size()) {
                task.apply(all.get(i)).whenComplete((ok, failure) -> {
                    if (finished.incrementAndGet() == all.size()) {
                        done.complete(null);
                    } else {
                        startNext[0].run();
                    }
                });
            }
        };
        for (int i = 0; i < Math.min(inFlight, all.size()); i++) {
            startNext[0].run();
        }
        return done;
    }

    private void reportProgress() {
        String last = "";
        long lastAt = 0;
        while (true) {
            String now = counters.snapshot();
            long at = System.currentTimeMillis();
            if (!now.equals(last) || at - lastAt >= 1000) {
                say("count " + at + " " + now);
                last = now;
                lastAt = at;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void stop() {
        clients.forEach(IdleClient::stop);
        transport.close();
        say("done stop");
    }

    private void say(String line) {
        out.println(WorkerLines.PREFIX + line);
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.loadgen;

import io.switchboard.client.ClientSettings;
import io.switchboard.client.ClientTransport;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.crypto.SignalX25519;
import io.switchboard.protocol.id.UserId;
import io.switchboard.protocol.noise.X25519;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Many SDK clients in this process against one {@link Target}, sharing a few event loops. Registers users (a number
 * block of its own per instance, so repeated runs against one server do not collide), and each registered client
 * stays connected and logged in until {@link #close}. Client directories live under the directory given.
 * Not thread-safe: one scenario thread adds and reopens clients; the clients themselves may be used from any thread.
 */
public final class HarnessClients implements AutoCloseable {
    private final Target target;
    private final Path dir;
    private final boolean ownsDir;
    private final ClientTransport transport;
    private final X25519 x25519 = new SignalX25519();
    private final int block = ThreadLocalRandom.current().nextInt(200, 1000);
    private final int maxPending;
    private final List<SwitchboardClient> clients = new ArrayList<>();
    private final List<UserId> users = new ArrayList<>();

    /**
     * @param threads    event loops shared by all clients
     * @param maxPending each client's outbox bound: sends beyond it fail at once instead of queueing
     */
    public HarnessClients(Target target, Path dir, int threads, int maxPending) throws IOException {
        this(target, Files.createDirectories(dir), false, threads, maxPending);
    }

    private HarnessClients(Target target, Path dir, boolean ownsDir, int threads, int maxPending) {
        this.target = target;
        this.dir = dir;
        this.ownsDir = ownsDir;
        this.transport = ClientTransport.create(threads);
        this.maxPending = maxPending;
    }

    /** Clients whose directories live in a temporary directory, deleted on {@link #close}. */
    public static HarnessClients inTempDir(Target target, int threads, int maxPending) throws IOException {
        return new HarnessClients(target, Files.createTempDirectory("switchboard-loadgen-"), true, threads,
                maxPending);
    }

    /** The clients registered so far, in order. */
    public List<SwitchboardClient> clients() {
        return Collections.unmodifiableList(clients);
    }

    /** Their users, index for index. */
    public List<UserId> users() {
        return Collections.unmodifiableList(users);
    }

    /**
     * Opens a new client for the next user and starts registering it (request a code, verify with the dev-mode
     * code, log in). The client is in {@link #clients()} at once.
     *
     * @return completes when the client is logged in
     */
    public CompletableFuture<UserId> registerNext() throws IOException {
        int index = clients.size();
        UserId user = new UserId(String.format("1%03d%07d", block, index));
        SwitchboardClient client = SwitchboardClient.open(settings(index), transport, x25519);
        clients.add(client);
        users.add(user);
        return client.register(user.phone())
                .thenCompose(code -> client.verify(user.phone(), code.devCode().orElseThrow(() ->
                        new IllegalStateException("the server gave no registration code: is it in dev mode?"))));
    }

    /** Registers {@code n} more users, at most {@code inFlight} at a time; returns when all are logged in. */
    public void register(int n, int inFlight, Duration deadline) throws Exception {
        long end = System.nanoTime() + deadline.toNanos();
        List<CompletableFuture<UserId>> window = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (window.size() == inFlight) {
                CompletableFuture.anyOf(window.toArray(new CompletableFuture[0]))
                        .get(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                window.removeIf(CompletableFuture::isDone);
            }
            window.add(registerNext());
        }
        CompletableFuture.allOf(window.toArray(new CompletableFuture[0]))
                .get(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
        for (CompletableFuture<UserId> f : window) {
            f.join(); // rethrows a failed registration
        }
    }

    /** Closes client {@code index} (its user goes offline); {@link #reopen} brings it back. */
    public void closeClient(int index) {
        clients.get(index).close();
    }

    /** A new, not yet logged-in client on the directory (and so the account) of client {@code index}. */
    public SwitchboardClient reopen(int index) throws IOException {
        SwitchboardClient client = SwitchboardClient.open(settings(index), transport, x25519);
        clients.set(index, client);
        return client;
    }

    private ClientSettings settings(int index) {
        ClientSettings defaults = ClientSettings.of(dir.resolve("c" + index), target.addressesFor(index));
        return new ClientSettings(defaults.servers(), defaults.directory(), defaults.connection(),
                Duration.ofMillis(200), Duration.ofSeconds(2), defaults.requestTimeout(), maxPending,
                defaults.serverErrorRetries());
    }

    @Override
    public void close() {
        clients.forEach(SwitchboardClient::close);
        transport.close();
        if (ownsDir) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temporary directory left behind is harmless
            }
        }
    }
}

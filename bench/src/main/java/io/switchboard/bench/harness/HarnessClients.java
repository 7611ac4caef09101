// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.bench.harness;

import io.switchboard.client.ClientSettings;
import io.switchboard.client.ClientTransport;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.crypto.SignalX25519;
import io.switchboard.protocol.id.UserId;
import io.switchboard.protocol.noise.X25519;
import io.switchboard.testkit.ServerProcess;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Starts a real server process for a harness and registers SDK clients against it, a bounded number at a time;
 * each registered client stays connected and logged in. One client process, loopback only.
 */
final class HarnessClients implements AutoCloseable {
    final ServerProcess server;
    final List<SwitchboardClient> clients = new ArrayList<>();
    final List<UserId> users = new ArrayList<>();
    private final Path dir;
    private final ClientTransport transport = ClientTransport.create(2);
    private final X25519 x25519 = new SignalX25519();

    private HarnessClients(ServerProcess server, Path dir) {
        this.server = server;
        this.dir = dir;
    }

    static HarnessClients start(Path dir, List<String> serverJvmOptions) throws IOException {
        Files.createDirectories(dir);
        Path conf = dir.resolve("harness.conf");
        Files.writeString(conf, "switchboard.registration.codes-per-address-per-hour = 1000000\n"
                + "switchboard.registration.codes-per-number-per-hour = 1000000\n");
        ServerProcess server = ServerProcess.start(serverJvmOptions, dir.resolve("server"), "--config",
                conf.toString());
        return new HarnessClients(server, dir);
    }

    /** Registers {@code n} more users (numbers from {@code first}), at most {@code inFlight} at a time. */
    void register(int n, int first, int inFlight) throws Exception {
        Semaphore permits = new Semaphore(inFlight);
        List<CompletableFuture<UserId>> done = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            UserId user = new UserId(String.format("1666%07d", first + i));
            ClientSettings settings = ClientSettings.of(dir.resolve("c" + (first + i)),
                    List.of(new InetSocketAddress("127.0.0.1", server.port())))
                    .withBackoff(Duration.ofMillis(200), Duration.ofSeconds(2));
            SwitchboardClient client = SwitchboardClient.open(settings, transport, x25519);
            clients.add(client);
            users.add(user);
            permits.acquire();
            done.add(client.register(user.phone())
                    .thenCompose(code -> client.verify(user.phone(), code.devCode().orElseThrow()))
                    .whenComplete((ok, failure) -> permits.release()));
        }
        CompletableFuture.allOf(done.toArray(new CompletableFuture[0])).get(30, TimeUnit.MINUTES);
    }

    @Override
    public void close() throws Exception {
        clients.forEach(SwitchboardClient::close);
        transport.close();
        server.close();
    }
}

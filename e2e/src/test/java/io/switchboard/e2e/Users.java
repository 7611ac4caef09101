// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.e2e;

import io.switchboard.client.ClientSettings;
import io.switchboard.client.ClientTransport;
import io.switchboard.client.ConnectionSettings;
import io.switchboard.client.GroupNotification;
import io.switchboard.client.IdentityChange;
import io.switchboard.client.IncomingMessage;
import io.switchboard.client.Receipt;
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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Registers and logs in SDK clients against a {@link ServerProcess}, sharing one client event loop group, and
 * records what each receives. Numbers are unique per test run so tests sharing a server never collide.
 */
final class Users implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final List<ServerProcess> servers;
    private final Path root;
    private final ClientTransport transport = ClientTransport.create(2);
    private final X25519 x25519 = new SignalX25519();
    // Tests register from several threads at once (HandshakeAdmissionIT): each user needs a number and a directory
    // of its own, or two clients would write one directory's keys at the same time.
    private final List<User> users = java.util.Collections.synchronizedList(new ArrayList<>());
    private final java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
    private final int prefix;

    Users(ServerProcess server, Path root, int prefix) {
        this(List.of(server), root, prefix);
    }

    /** Users whose clients know every node of a cluster, {@code servers.get(0)} first. */
    Users(List<ServerProcess> servers, Path root, int prefix) {
        this.servers = List.copyOf(servers);
        this.root = root;
        this.prefix = prefix;
    }

    /**
     * Server configuration that lifts the per-address registration limit (every test user registers from loopback),
     * the per-sender message rate, the mailbox bound and the storage quota (tests that queue thousands from one user
     * or for one user, as LargeMailboxIT with 100,000, measure something else; LimitsIT tests the rate,
     * MailboxBoundsIT the bounds) and the per-address cap on connections not yet logged in (hundreds of test users
     * log in at once from 127.0.0.1, like clients behind one NAT; LoginStarvationIT tests the cap).
     */
    static final String TEST_CONFIG = "switchboard.registration.codes-per-address-per-hour = 1000000\n"
            + "switchboard.limits.messages { per-second = 1000000, burst = 1000000 }\n"
            + "switchboard.limits.mailbox { messages = 2000000000, bytes = 1 PiB }\n"
            + "switchboard.limits.account-stored-bytes = 1 PiB\n"
            + "switchboard.transport.max-pending-per-address = 1000000";

    /** {@link #TEST_CONFIG} as {@code switchboard server} options, for tests that start their own server process. */
    static String[] testServerArgs(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path conf = dir.resolve("test.conf");
        Files.writeString(conf, TEST_CONFIG + "\n");
        return new String[] {"--config", conf.toString()};
    }

    /** A user, registered (dev mode hands back the code) and logged in. */
    User register() throws Exception {
        return register(UnaryOperator.identity());
    }

    /**
     * {@code n} users, registered eight at a time: a registration mostly waits on round trips and the store's
     * commits, so one after another took a minute for GroupsIT's 1,024.
     */
    List<User> register(int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<User>> registering = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                registering.add(pool.submit(() -> register()));
            }
            List<User> out = new ArrayList<>();
            for (Future<User> user : registering) {
                out.add(user.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** As {@link #register()}, with client settings changed from the tests' defaults (fewer retries, say). */
    User register(UnaryOperator<ClientSettings> change) throws Exception {
        int n = next.getAndIncrement();
        UserId id = new UserId(String.format("1555%03d%04d", prefix, n));
        User user = open(id, root.resolve("u" + n), ConnectionSettings.DEFAULT, change);
        user.client.register(id.phone()).thenCompose(code -> user.client.verify(id.phone(), code.devCode()
                .orElseThrow())).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return user;
    }

    /** {@code user}'s number registered again from a fresh directory: a new device key and identity key. */
    User registerAgain(User user) throws Exception {
        User again = open(user.id, root.resolve("u" + next.getAndIncrement() + "-again"));
        again.client.register(user.id.phone()).thenCompose(code -> again.client.verify(user.id.phone(),
                code.devCode().orElseThrow())).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return again;
    }

    /** A client on an existing directory (to log in again after a restart). */
    User reopen(User user) throws IOException {
        return open(user.id, user.dir);
    }

    /** As {@link #reopen(User)}, with the client's connection settings (its handshake timeout, for one). */
    User reopen(User user, ConnectionSettings connection) throws IOException {
        return open(user.id, user.dir, connection);
    }

    private User open(UserId id, Path dir) throws IOException {
        return open(id, dir, ConnectionSettings.DEFAULT);
    }

    private User open(UserId id, Path dir, ConnectionSettings connection) throws IOException {
        return open(id, dir, connection, UnaryOperator.identity());
    }

    private User open(UserId id, Path dir, ConnectionSettings connection, UnaryOperator<ClientSettings> change)
            throws IOException {
        List<InetSocketAddress> addresses = servers.stream()
                .map(s -> new InetSocketAddress("127.0.0.1", s.port())).toList();
        ClientSettings settings = change.apply(ClientSettings.of(dir, addresses)
                .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1)).withConnection(connection));
        User user = new User(id, dir, SwitchboardClient.open(settings, transport, x25519));
        users.add(user);
        return user;
    }

    @Override
    public void close() {
        synchronized (users) {
            users.forEach(u -> u.client.close());
        }
        transport.close();
    }

    /** One registered user and everything its client has received. */
    static final class User {
        final UserId id;
        final Path dir;
        final SwitchboardClient client;
        final ConcurrentLinkedQueue<IncomingMessage> messages = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Receipt> receipts = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<GroupNotification> notifications = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<IdentityChange> identityChanges = new ConcurrentLinkedQueue<>();

        User(UserId id, Path dir, SwitchboardClient client) {
            this.id = id;
            this.dir = dir;
            this.client = client;
            client.onMessage(messages::add);
            client.onReceipt(receipts::add);
            client.onGroupNotification(notifications::add);
            client.onIdentityChange(identityChanges::add);
        }

        void login() throws Exception {
            client.login().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }

        List<String> texts() {
            return messages.stream().map(IncomingMessage::text).toList();
        }

        long receiptsOf(Receipt.Type type) {
            return receipts.stream().filter(r -> r.type() == type).count();
        }
    }
}

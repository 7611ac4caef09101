// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import io.switchboard.crypto.SignalX25519;
import io.switchboard.protocol.noise.X25519;
import io.switchboard.server.cluster.Homes;
import io.switchboard.server.config.ServerSettings;
import io.switchboard.server.group.GroupEntity;
import io.switchboard.server.keys.KeyDirectory;
import io.switchboard.server.limits.AccountLimits;
import io.switchboard.server.limits.LimitSettings;
import io.switchboard.server.ops.AdminServer;
import io.switchboard.server.ops.AdminSettings;
import io.switchboard.server.ops.ClusterHealth;
import io.switchboard.server.ops.ClusterView;
import io.switchboard.server.ops.EntityLocator;
import io.switchboard.server.ops.LocalShards;
import io.switchboard.server.ops.NodeReadiness;
import io.switchboard.server.ops.ServerMetrics;
import io.switchboard.server.registration.LogCodeSender;
import io.switchboard.server.registration.RegistrationService;
import io.switchboard.server.session.Gateway;
import io.switchboard.server.session.SessionContext;
import io.switchboard.server.store.StoreSettings;
import io.switchboard.server.store.Stores;
import io.switchboard.server.transport.ClientListener;
import io.switchboard.server.transport.AdmissionRefusals;
import io.switchboard.server.transport.AdmissionSettings;
import io.switchboard.server.transport.HandshakeGate;
import io.switchboard.server.user.UserEntity;
import io.switchboard.transport.TransportSettings;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One running Switchboard node: store, actor system (a cluster of one that joins itself, or a member of the cluster
 * its seed nodes lead to, on a shared PostgreSQL store), the user entity type,
 * the node's gateway, the client port and the admin port (metrics, health). Wires each package once, in the
 * order a message's path needs them; {@link #close()} stops them in reverse.
 */
public final class ServerNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServerNode.class);
    /** How old the per-type shard and entity gauges may be: often enough for a dashboard, rare enough to be free. */
    private static final Duration SHARDS_REFRESH = Duration.ofSeconds(5);

    private final Stores stores;
    private final ActorSystem<Void> system;
    private final ClientListener listener;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private final ServerMetrics metrics;
    private final AdminServer admin;
    private final DataDirectoryLock dataLock;

    private ServerNode(Stores stores, ActorSystem<Void> system, ClientListener listener, ServerMetrics metrics,
                       AdminServer admin, DataDirectoryLock dataLock) {
        this.dataLock = dataLock;
        this.stores = stores;
        this.system = system;
        this.listener = listener;
        this.metrics = metrics;
        this.admin = admin;
    }

    /**
     * Starts a node from {@code config} (the {@code switchboard} and {@code pekko} sections).
     *
     * @throws Exception when the store, the key or the port cannot be opened; nothing is left running then
     */
    public static ServerNode start(Config config) throws Exception {
        return start(config, step -> { });
    }

    /**
     * Starts a node as {@link #start(Config)} does, telling {@code progress} each step as it begins ("opening the
     * store", ...), so that a caller can show what a start of several seconds is doing.
     *
     * @throws Exception when the store, the key or the port cannot be opened; nothing is left running then
     */
    public static ServerNode start(Config config, Consumer<String> progress) throws Exception {
        ServerSettings settings = ServerSettings.create(config);
        // First, before anything logs or opens a file there: a second server on the directory stops here.
        DataDirectoryLock dataLock = DataDirectoryLock.acquire(settings.dataDir());
        try {
            return start(config, settings, dataLock, progress);
        } catch (Exception | Error e) {
            dataLock.close();
            throw e;
        }
    }

    private static ServerNode start(Config config, ServerSettings settings, DataDirectoryLock dataLock,
                                    Consumer<String> progress) throws Exception {
        log.info("effective configuration: {}", redacted(config));
        if (settings.dev()) {
            log.warn("DEV MODE: registration replies carry the code. Anyone can register any number. Never run a"
                    + " public server like this.");
        }
        StoreSettings storeSettings = StoreSettings.create(config);
        // Before the store opens: a token too short to be safe stops the start with what to do.
        AdminSettings adminSettings = AdminSettings.create(config);
        if (!config.getStringList("pekko.cluster.seed-nodes").isEmpty()
                && storeSettings.kind() == StoreSettings.Kind.EMBEDDED) {
            throw new IllegalStateException("a cluster's nodes share one store, and the embedded one belongs to a"
                    + " single process: start every node with --store postgres --jdbc-url jdbc:postgresql://...");
        }
        String datacenter = config.getString("pekko.cluster.multi-data-center.self-data-center");
        if (!datacenter.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalStateException("the datacenter name '" + datacenter + "' is not allowed: use 1 to 64"
                    + " letters, digits, '-' or '_' (switchboard server --datacenter NAME)");
        }
        progress.accept("opening the " + storeSettings.kind().name().toLowerCase(java.util.Locale.ROOT) + " store");
        Stores stores = Stores.open(storeSettings);
        ActorSystem<Void> system = null;
        ServerMetrics metrics = new ServerMetrics();
        ClientListener listener = null;
        try {
            progress.accept("starting the actor system and joining the cluster");
            system = ActorSystem.create(Behaviors.empty(), "switchboard", config);
            Cluster cluster = Cluster.get(system);
            if (config.getStringList("pekko.cluster.seed-nodes").isEmpty()) {
                // No seeds: a cluster of one, which joins itself. With seeds, Pekko joins through them.
                cluster.manager().tell(Join.create(cluster.selfMember().address()));
            }
            progress.accept("starting the user and group entities");
            Homes homes = Homes.start(system, stores.homes());
            UserEntity.init(system, stores.mailbox(), stores.accounts(), stores.presence(), stores.groups(), settings,
                    homes);
            GroupEntity.init(system, stores.groups(), settings, homes);
            ActorRef<Gateway.Command> gateway = system.systemActorOf(Gateway.create(homes), "gateway", Props.empty());

            X25519 x25519 = new SignalX25519();
            Clock clock = Clock.systemUTC();
            RegistrationService registration = new RegistrationService(stores.registrations(), stores.accounts(),
                    stores.limits(), LogCodeSender.create(settings.dataDir(), settings.dev()),
                    settings.registration(), clock);
            SessionContext sessions = new SessionContext(settings, system, gateway, homes,
                    stores.accounts(), registration, clock, sessionIds(), metrics, stores.groups(),
                    new KeyDirectory(stores.keys()), new AccountLimits(LimitSettings.create(config), clock));
            TransportSettings transport = TransportSettings.DEFAULT.withMaxFrameSize(settings.maxFrameSize())
                    .withHandshakeTimeout(settings.handshakeTimeout());
            HandshakeGate handshakes = new HandshakeGate(settings.maxHandshakesInFlight(),
                    settings.maxHandshakesQueued());
            progress.accept("opening the client port");
            listener = ClientListener.bind(settings.host(), settings.port(), transport, x25519,
                    ServerKey.loadOrCreate(settings.dataDir(), x25519), sessions, handshakes,
                    AdmissionSettings.create(config));
            metrics.bindCluster(() -> ClusterHealth.of(cluster).membersUp(),
                    () -> ClusterHealth.of(cluster).membersUnreachable());
            List<EntityTypeKey<?>> entityTypes = List.of(UserEntity.TYPE_KEY, GroupEntity.TYPE_KEY);
            LocalShards shards = LocalShards.start(system, entityTypes, SHARDS_REFRESH, settings.askTimeout());
            metrics.bindLocalShards(shards.types(), shards::shards, shards::entities);
            metrics.bindHandshakes(handshakes::inFlight, handshakes::queued, handshakes::refused);
            AdmissionRefusals refusals = listener.refusals();
            metrics.bindAdmissionRefusals(AdmissionRefusals.labels(), refusals::count);
            metrics.bindStore(stores::mailboxCommits, stores::mailboxWritesCommitted);
            stores.onMailboxCommit(metrics::storeCommit);
            metrics.bindMailboxDepth(stores.mailbox()::countAllPending);
            metrics.bindConnectionErrors(listener.errors()::count, listener.errors()::unexpectedCount);
            ClusterView clusterView = new ClusterView(system, entityTypes, Duration.ofSeconds(3));
            progress.accept("opening the admin port");
            AdminServer admin = AdminServer.start(adminSettings, metrics,
                    new NodeReadiness(system, stores.accounts(), settings.askTimeout(),
                            () -> stores.unwritable().isEmpty()),
                    () -> ClusterHealth.of(cluster), clusterView::json,
                    new EntityLocator(system, homes, entityTypes, settings.askTimeout()));
            log.info("Switchboard node started: clients on port {}, admin on port {}, data in {}", listener.port(),
                    admin.port(), settings.dataDir().toAbsolutePath());
            return new ServerNode(stores, system, listener, metrics, admin, dataLock);
        } catch (Exception | Error e) {
            if (listener != null) {
                listener.close();
            }
            metrics.close();
            if (system != null) {
                system.terminate();
            }
            stores.close();
            throw e;
        }
    }

    /** The client port actually bound (useful with port 0). */
    public int port() {
        return listener.port();
    }

    /** The admin HTTP port actually bound (metrics, health). */
    public int adminPort() {
        return admin.port();
    }

    public ActorSystem<Void> system() {
        return system;
    }

    /**
     * Blocks until the actor system terminates: the node was shut down, or the cluster removed it (the split brain
     * resolver downed it while it was unreachable). In the second case the node closes itself, so that nothing is
     * served from a member the others have given up on.
     *
     * @return true if {@link #close()} stopped it, false if the cluster did
     */
    public boolean awaitTermination() {
        system.getWhenTerminated().toCompletableFuture().join();
        if (closed.get()) {
            return true;
        }
        log.error("this node was removed from the cluster (downed while unreachable); closing it so that it can be"
                + " started again clean");
        close();
        return false;
    }

    /**
     * Graceful stop, as on SIGTERM: stop accepting, tell clients to reconnect, then stop the actors and close the
     * store, which commits every write it accepted before it returns.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        admin.close();
        listener.shutdown(Duration.ofSeconds(5));
        listener.close();
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("actor system did not stop within 30 s: {}", e.toString());
        }
        stores.close();
        metrics.close();
        try {
            dataLock.close();
        } catch (java.io.IOException e) {
            log.warn("releasing the data directory lock failed: {}", e.toString());
        }
    }

    private static String redacted(Config config) {
        return config.getConfig("switchboard").withoutPath("store.password").withoutPath("admin.token")
                .root().render(ConfigRenderOptions.concise());
    }

    /**
     * The node's session id counter, starting at a random point: a user entity sees sessions of several nodes, and
     * counters that all started at 1 would give two nodes' sessions one id (the entity also compares gateways).
     */
    private static AtomicLong sessionIds() {
        return new AtomicLong(java.util.concurrent.ThreadLocalRandom.current().nextLong(1L << 62));
    }
}

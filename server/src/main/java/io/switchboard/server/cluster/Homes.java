// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.cluster;

import io.switchboard.server.store.HomeKind;
import io.switchboard.server.store.HomeStore;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.japi.function.Function;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where each user's and group's entity lives when the cluster spans datacenters, and references that send there.
 * A home not yet recorded is claimed for this node's datacenter by the first lookup (the first use of a user is
 * normally its registration, on a node near it). Homes are cached for {@link #CACHE_TTL}, so a home moved by an
 * operator reaches every node's cache within that time; until then the old home's {@link HomeGuard} forwards.
 *
 * <p>Disabled in a cluster of one datacenter: {@link #ref} is then the plain sharded reference and nothing is
 * looked up.
 */
public final class Homes {

    /** Pekko's data center name when none is configured. */
    public static final String DEFAULT_DATACENTER = "default";
    static final Duration CACHE_TTL = Duration.ofMinutes(10);
    /** Cached homes per node; past this the cache starts over (a lookup is one indexed read). */
    static final int MAX_CACHED = 1_000_000;

    private record Key(String type, String id) {
    }

    private record Cached(String datacenter, long expiresAtNanos) {
    }

    private final ActorSystem<?> system;
    private final ClusterSharding sharding;
    private final HomeStore store;
    private final Map<String, HomeKind> kinds;
    private final Map<String, Object> stopMessages;
    private final String selfDatacenter;
    private final boolean enabled;
    private final Map<Key, Cached> cache = new ConcurrentHashMap<>();
    private final Set<String> proxies = ConcurrentHashMap.newKeySet();
    private volatile ActorRef<HomeRouter.Command> router;

    private Homes(ActorSystem<?> system, HomeStore store) {
        this.system = system;
        this.sharding = ClusterSharding.get(system);
        this.store = store;
        this.kinds = new ConcurrentHashMap<>();
        this.stopMessages = new ConcurrentHashMap<>();
        this.selfDatacenter = Cluster.get(system).selfMember().dataCenter();
        this.enabled = !DEFAULT_DATACENTER.equals(selfDatacenter);
    }

    /** Homes for this node; starts its router when the node names its datacenter. */
    public static Homes start(ActorSystem<?> system, HomeStore store) {
        Homes homes = new Homes(system, store);
        if (homes.enabled) {
            homes.router = system.systemActorOf(HomeRouter.create(homes), "home-router", Props.empty());
        }
        return homes;
    }

    /**
     * Entities of {@code type} have homes of {@code kind}, and stop (handing over to their new home) on
     * {@code stopMessage}; each entity type registers itself at init.
     */
    public <C> void register(EntityTypeKey<C> type, HomeKind kind, C stopMessage) {
        kinds.put(type.name(), kind);
        stopMessages.put(type.name(), stopMessage);
    }

    /** Whether homes are in use: this node belongs to a named datacenter. */
    public boolean enabled() {
        return enabled;
    }

    public String selfDatacenter() {
        return selfDatacenter;
    }

    /** Entity {@code id} of {@code type} in its home datacenter. */
    public <C> HomeRef<C> ref(EntityTypeKey<C> type, String id) {
        if (!enabled) {
            EntityRef<C> local = sharding.entityRefFor(type, id);
            return new HomeRef<>() {
                @Override
                public void tell(C command) {
                    local.tell(command);
                }

                @Override
                public <R> CompletionStage<R> ask(Function<ActorRef<R>, C> request, Duration timeout) {
                    return local.ask(request, timeout);
                }
            };
        }
        return new HomeRef<>() {
            @Override
            public void tell(C command) {
                String home = cachedHome(type, id);
                if (home != null) {
                    entityIn(type, id, home).tell(command);
                } else {
                    router.tell(new HomeRouter.Route(type, id, command));
                }
            }

            @Override
            public <R> CompletionStage<R> ask(Function<ActorRef<R>, C> request, Duration timeout) {
                String home = cachedHome(type, id);
                if (home != null) {
                    return entityIn(type, id, home).ask(request, timeout);
                }
                return AskPattern.ask(router, replyTo -> new HomeRouter.Route(type, id, request.apply(replyTo)),
                        timeout, system.scheduler());
            }
        };
    }

    /**
     * The home of entity {@code id} of {@code type}, read from the store, and claimed for this datacenter when
     * none is recorded. Neither reads nor fills the cache: the router fills it only after it delivered what
     * waited (to keep order), and an entity deciding whether to run must see a move at once.
     */
    public CompletionStage<String> homeOf(EntityTypeKey<?> type, String id) {
        HomeKind kind = kindOf(type);
        return store.find(kind, id).thenCompose(found -> found.<CompletionStage<String>>map(
                CompletableFuture::completedFuture).orElseGet(() -> store.claim(kind, id, selfDatacenter)));
    }

    /** The recorded home, without claiming one: empty when the entity was never used in a named datacenter. */
    public CompletionStage<java.util.Optional<String>> recordedHome(EntityTypeKey<?> type, String id) {
        return store.find(kindOf(type), id);
    }

    /**
     * Moves the home (an operator's decision): records it, drops this node's cached copy, and stops the entity in
     * the old home, whose next start there finds the new home and forwards. Sessions re-attach to the entity in
     * the new home when it starts (as after a crash). Other nodes' caches still send to the old home for up to
     * {@link #CACHE_TTL}; its forwarder carries those messages over, one hop longer.
     */
    public CompletionStage<Void> move(EntityTypeKey<?> type, String id, String datacenter) {
        HomeKind kind = kindOf(type);
        return store.find(kind, id).thenCompose(old -> store.move(kind, id, datacenter).thenRun(() -> {
            cache.remove(new Key(type.name(), id));
            old.filter(dc -> !dc.equals(datacenter)).ifPresent(dc -> deliver(type, id, dc,
                    stopMessages.get(type.name())));
        }));
    }

    /** The sharded entity in {@code datacenter}, starting this node's proxy to that datacenter on first use. */
    public <C> EntityRef<C> entityIn(EntityTypeKey<C> type, String id, String datacenter) {
        if (datacenter.equals(selfDatacenter)) {
            return sharding.entityRefFor(type, id);
        }
        if (proxies.add(type.name() + "@" + datacenter)) {
            sharding.init(Entity.of(type, context -> {
                throw new IllegalStateException("a proxy runs no entities");
            }).withDataCenter(datacenter));
        }
        return sharding.entityRefFor(type, id, datacenter);
    }

    String cachedHome(EntityTypeKey<?> type, String id) {
        Key key = new Key(type.name(), id);
        Cached cached = cache.get(key);
        if (cached == null) {
            return null;
        }
        if (System.nanoTime() - cached.expiresAtNanos() > 0) {
            cache.remove(key, cached);
            return null;
        }
        return cached.datacenter();
    }

    void remember(EntityTypeKey<?> type, String id, String datacenter) {
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(new Key(type.name(), id), new Cached(datacenter, System.nanoTime() + CACHE_TTL.toNanos()));
    }

    @SuppressWarnings("unchecked") // routed with the type key it was told for
    void deliver(EntityTypeKey<?> type, String id, String datacenter, Object message) {
        ((EntityRef<Object>) (EntityRef<?>) entityIn(type, id, datacenter)).tell(message);
    }

    private HomeKind kindOf(EntityTypeKey<?> type) {
        HomeKind kind = kinds.get(type.name());
        if (kind == null) {
            throw new IllegalArgumentException("no home kind for entity type " + type.name());
        }
        return kind;
    }
}

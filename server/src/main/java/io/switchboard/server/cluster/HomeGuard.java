// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.cluster;

import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Wraps a sharded entity so that its state runs only in its home datacenter. On start it reads the home (messages
 * wait meanwhile); at home it becomes the real entity. Elsewhere (a sender's cache is stale, or the home was just
 * moved) it becomes a forwarder that runs no state, hands every message to the entity in the home datacenter, and
 * passivates after {@link #FORWARDER_IDLE} without messages. With homes disabled it is the entity itself.
 */
public final class HomeGuard {

    static final Duration FORWARDER_IDLE = Duration.ofSeconds(30);
    static final int MAX_WAITING = 10_000;
    private static final Duration RETRY = Duration.ofSeconds(1);

    // The guard's own messages, sent to itself only.
    private record Resolved(String datacenter, Throwable failure) implements NoSerializationVerificationNeeded {
    }

    private record Retry() implements NoSerializationVerificationNeeded {
    }

    private record Idle() implements NoSerializationVerificationNeeded {
    }

    private HomeGuard() {
    }

    /**
     * @param stopMessage the entity's stop message class (sharding's handoff and passivation stop): a forwarder
     *                    stops on it too
     * @param atHome      the entity's behavior, built only when this datacenter is its home
     */
    public static <C> Behavior<C> create(Homes homes, EntityTypeKey<C> type, String id,
                                         ActorRef<ClusterSharding.ShardCommand> shard,
                                         Class<? extends C> stopMessage, Supplier<Behavior<C>> atHome) {
        if (!homes.enabled()) {
            return atHome.get();
        }
        Behavior<Object> guard = Behaviors.withStash(MAX_WAITING, stash -> Behaviors.setup(context -> {
            lookUp(homes, type, id, context);
            return Behaviors.receive(Object.class)
                    .onMessage(Resolved.class, resolved -> {
                        if (resolved.failure() != null) {
                            context.getLog().warn("home of {} {} unknown, retrying: {}", type.name(), id,
                                    resolved.failure().toString());
                            context.scheduleOnce(RETRY, context.getSelf(), new Retry());
                            return Behaviors.same();
                        }
                        if (resolved.datacenter().equals(homes.selfDatacenter())) {
                            return stash.unstashAll(widen(atHome.get()));
                        }
                        return stash.unstashAll(forwarder(homes.entityIn(type, id, resolved.datacenter()), shard,
                                stopMessage, context));
                    })
                    .onMessage(Retry.class, retry -> {
                        lookUp(homes, type, id, context);
                        return Behaviors.same();
                    })
                    .onAnyMessage(message -> {
                        if (stopMessage.isInstance(message)) {
                            return Behaviors.stopped();
                        }
                        if (stash.isFull()) {
                            context.getLog().warn("{} {}: {} messages wait for its home; dropped one", type.name(),
                                    id, MAX_WAITING);
                        } else {
                            stash.stash(message);
                        }
                        return Behaviors.same();
                    })
                    .build();
        }));
        return guard.narrow();
    }

    private static void lookUp(Homes homes, EntityTypeKey<?> type, String id, ActorContext<Object> context) {
        context.pipeToSelf(homes.homeOf(type, id), Resolved::new);
    }

    private static <C> Behavior<Object> forwarder(EntityRef<C> home, ActorRef<ClusterSharding.ShardCommand> shard,
                                                  Class<? extends C> stopMessage, ActorContext<Object> context) {
        context.setReceiveTimeout(FORWARDER_IDLE, new Idle());
        return Behaviors.receive(Object.class)
                .onMessage(Idle.class, idle -> {
                    shard.tell(new ClusterSharding.Passivate<>(context.getSelf()));
                    return Behaviors.same();
                })
                .onAnyMessage(message -> {
                    if (stopMessage.isInstance(message)) {
                        return Behaviors.stopped();
                    }
                    home.tell(HomeGuard.<C>unchecked(message));
                    return Behaviors.same();
                })
                .build();
    }

    // The guard's own messages are handled above; everything else reached this entity as a C.
    @SuppressWarnings("unchecked")
    private static <C> C unchecked(Object message) {
        return (C) message;
    }

    // The entity's behavior takes over the guard's actor, which receives Objects: only Cs arrive from now on.
    @SuppressWarnings("unchecked")
    private static <C> Behavior<Object> widen(Behavior<C> behavior) {
        return (Behavior<Object>) (Behavior<?>) behavior;
    }
}

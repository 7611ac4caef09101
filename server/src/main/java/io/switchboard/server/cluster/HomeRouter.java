// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.cluster;

import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One per node: carries messages for entities whose home this node has not cached yet. The first message for an
 * entity starts a lookup; it and every later one wait in arrival order until the home is known, then all go to the
 * entity in that datacenter and the home is cached, so the senders' next messages go there directly. A lookup that
 * fails (store unreachable) is retried every second; at most {@value #MAX_WAITING} messages wait per entity, and
 * the oldest are dropped beyond that (asks among them time out, and their clients resend).
 */
final class HomeRouter {

    static final int MAX_WAITING = 10_000;
    private static final Duration RETRY = Duration.ofSeconds(1);

    /** Local to the node: never serialized (the routed message crosses nodes later, on its own). */
    sealed interface Command extends NoSerializationVerificationNeeded {
    }

    /** Send {@code message} to entity {@code id} of {@code type} in its home. */
    record Route(EntityTypeKey<?> type, String id, Object message) implements Command {
    }

    private record Resolved(Key key, String datacenter, Throwable failure) implements Command {
    }

    private record Retry(Key key) implements Command {
    }

    private record Key(EntityTypeKey<?> type, String id) {
    }

    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final Homes homes;
    private final Map<Key, List<Object>> waiting = new HashMap<>();

    private HomeRouter(ActorContext<Command> context, TimerScheduler<Command> timers, Homes homes) {
        this.context = context;
        this.timers = timers;
        this.homes = homes;
    }

    static Behavior<Command> create(Homes homes) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers ->
                new HomeRouter(context, timers, homes).behavior()));
    }

    private Behavior<Command> behavior() {
        return Behaviors.receive(Command.class)
                .onMessage(Route.class, this::onRoute)
                .onMessage(Resolved.class, this::onResolved)
                .onMessage(Retry.class, retry -> {
                    lookUp(retry.key());
                    return Behaviors.same();
                })
                .build();
    }

    private Behavior<Command> onRoute(Route route) {
        Key key = new Key(route.type(), route.id());
        List<Object> queue = waiting.get(key);
        if (queue != null) {
            if (queue.size() == MAX_WAITING) {
                queue.remove(0);
                context.getLog().warn("{} {}: {} messages wait for its home; dropped the oldest", key.type().name(),
                        key.id(), MAX_WAITING);
            }
            queue.add(route.message());
            return Behaviors.same();
        }
        String cached = homes.cachedHome(route.type(), route.id());
        if (cached != null) {
            // Cached since the sender looked: a lookup finished in between.
            homes.deliver(route.type(), route.id(), cached, route.message());
            return Behaviors.same();
        }
        queue = new ArrayList<>();
        queue.add(route.message());
        waiting.put(key, queue);
        lookUp(key);
        return Behaviors.same();
    }

    private void lookUp(Key key) {
        context.pipeToSelf(homes.homeOf(key.type(), key.id()),
                (datacenter, failure) -> new Resolved(key, datacenter, failure));
    }

    private Behavior<Command> onResolved(Resolved resolved) {
        Key key = resolved.key();
        if (resolved.failure() != null) {
            context.getLog().warn("home of {} {} not known yet, retrying: {}", key.type().name(), key.id(),
                    resolved.failure().toString());
            timers.startSingleTimer(key, new Retry(key), RETRY);
            return Behaviors.same();
        }
        List<Object> queue = waiting.remove(key);
        // Delivered before the home is cached: a sender that sees the cache entry then told its message after
        // these were handed to the shard region, which keeps them in order.
        for (Object message : queue) {
            homes.deliver(key.type(), key.id(), resolved.datacenter(), message);
        }
        homes.remember(key.type(), key.id(), resolved.datacenter());
        return Behaviors.same();
    }
}

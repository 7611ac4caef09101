// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.ops;

import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shards and entities each entity type has on this node, for the {@code switchboard_shards} and
 * {@code switchboard_entities} gauges. A system actor asks this node's shard regions every {@code interval} and
 * keeps the last answer per type; the gauges only read it, so a scrape never waits on an actor. The numbers are
 * therefore up to one interval (plus the time a region takes to answer) old, and 0 until the first answer. Each tick
 * asks once per type with a timeout, so the asks in flight stay bounded; an answer carries this node's entity ids,
 * so a refresh costs in proportion to the entities here, once per interval. The actor stops with the actor system.
 */
public final class LocalShards {

    /** A type's shards and entities on this node. */
    record Counts(int shards, int entities) {
        static final Counts NONE = new Counts(0, 0);
    }

    private final List<String> types;
    private final Map<String, Counts> counts = new ConcurrentHashMap<>();

    private LocalShards(List<EntityTypeKey<?>> types) {
        this.types = types.stream().map(EntityTypeKey::name).toList();
        this.types.forEach(type -> counts.put(type, Counts.NONE));
    }

    /**
     * Starts refreshing the counts of {@code types} every {@code interval}, the first time at once, giving each
     * region {@code timeout} to answer.
     */
    public static LocalShards start(ActorSystem<?> system, List<EntityTypeKey<?>> types, Duration interval,
                                    Duration timeout) {
        LocalShards shards = new LocalShards(types);
        system.systemActorOf(shards.poller(List.copyOf(types), interval, timeout), "local-shards", Props.empty());
        return shards;
    }

    /** The entity type names counted, in the order given. */
    public List<String> types() {
        return types;
    }

    /** Shards of {@code type} hosted by this node at the last refresh. */
    public int shards(String type) {
        return counts.getOrDefault(type, Counts.NONE).shards();
    }

    /** Entities of {@code type} running on this node at the last refresh (those of shards that answered). */
    public int entities(String type) {
        return counts.getOrDefault(type, Counts.NONE).entities();
    }

    private sealed interface Command {
    }

    // Both stay inside this node's actor system: the tick comes from the actor's own timer and the answer from the
    // local shard region, so neither ever needs a serializer.
    private record Refresh() implements Command, NoSerializationVerificationNeeded {
    }

    /** The region's answer for {@code type}, or null when it did not answer in time. */
    private record Answered(String type, ShardRegion.CurrentShardRegionState state)
            implements Command, NoSerializationVerificationNeeded {
    }

    private Behavior<Command> poller(List<EntityTypeKey<?>> keys, Duration interval, Duration timeout) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            ActorRef<ClusterShardingQuery> shardState = ClusterSharding.get(context.getSystem()).shardState();
            timers.startTimerWithFixedDelay(new Refresh(), Duration.ZERO, interval);
            return Behaviors.receive(Command.class)
                    .onMessage(Refresh.class, refresh -> {
                        // One ask per type (not one message adapter: the answers share a class and name no type).
                        for (EntityTypeKey<?> key : keys) {
                            context.ask(ShardRegion.CurrentShardRegionState.class, shardState, timeout,
                                    replyTo -> new GetShardRegionState(key, replyTo),
                                    (state, failure) -> new Answered(key.name(), state));
                        }
                        return Behaviors.same();
                    })
                    .onMessage(Answered.class, answered -> {
                        // A region that did not answer keeps its last numbers; the next tick asks again.
                        if (answered.state() != null) {
                            counts.put(answered.type(), count(answered.state()));
                        }
                        return Behaviors.same();
                    })
                    .build();
        }));
    }

    private static Counts count(ShardRegion.CurrentShardRegionState state) {
        int entities = 0;
        for (ShardRegion.ShardState shard : state.getShards()) {
            entities += shard.getEntityIds().size();
        }
        // A shard that did not answer the region in time is still hosted here; only its entities go uncounted.
        return new Counts(state.getShards().size() + state.getFailed().size(), entities);
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.server.cluster.Homes;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One entity as an operator asks about it ({@code GET /entity?type=User&id=…}): its home datacenter and whether
 * this node runs it now; and the operator's move of its home ({@code POST /entity/home?type=…&id=…&dc=…}).
 */
public final class EntityLocator {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Datacenter names as Pekko and the home table accept them. */
    private static final Pattern DATACENTER = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final ActorSystem<?> system;
    private final Homes homes;
    private final Map<String, EntityTypeKey<?>> types = new LinkedHashMap<>();
    private final Duration timeout;

    public EntityLocator(ActorSystem<?> system, Homes homes, List<EntityTypeKey<?>> types, Duration timeout) {
        this.system = system;
        this.homes = homes;
        types.forEach(type -> this.types.put(type.name(), type));
        this.timeout = timeout;
    }

    /** The answer to a lookup: a status code and a JSON body. */
    public record Answer(int status, String json) {
    }

    /** {@code GET /entity}: {@code {"type","id","datacenter","home","hosted_here"}}; home is null if unrecorded. */
    public Answer find(String typeName, String id) {
        EntityTypeKey<?> type = types.get(typeName);
        if (type == null || id == null || !ID.matcher(id).matches()) {
            return refused("give type (" + String.join(" or ", types.keySet()) + ") and id (the user's digits or"
                    + " the group's id)");
        }
        try {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", type.name());
            body.put("id", id);
            body.put("datacenter", homes.selfDatacenter());
            body.put("home", homes.enabled() ? await(homes.recordedHome(type, id)).orElse(null)
                    : homes.selfDatacenter());
            body.put("hosted_here", hostedHere(type, id));
            return new Answer(200, JSON.writeValueAsString(body));
        } catch (Exception e) {
            return new Answer(503, "{\"error\":\"the store or the shard region did not answer: "
                    + e.getClass().getSimpleName() + "; retry\"}");
        }
    }

    /** {@code POST /entity/home}: moves the home of one user or group to {@code datacenter}. */
    public Answer move(String typeName, String id, String datacenter) {
        if (!homes.enabled()) {
            return new Answer(409, "{\"error\":\"this cluster has one datacenter: start its nodes with --datacenter"
                    + " to give users homes\"}");
        }
        EntityTypeKey<?> type = types.get(typeName);
        if (type == null || id == null || !ID.matcher(id).matches() || datacenter == null
                || !DATACENTER.matcher(datacenter).matches()) {
            return refused("give type, id and dc (the datacenter name, letters, digits, - and _)");
        }
        try {
            await(homes.move(type, id, datacenter));
            return find(typeName, id);
        } catch (Exception e) {
            return new Answer(503, "{\"error\":\"the move was not recorded: " + e.getClass().getSimpleName()
                    + "; retry\"}");
        }
    }

    private boolean hostedHere(EntityTypeKey<?> type, String id) throws Exception {
        ShardRegion.CurrentShardRegionState state = await(AskPattern.<ClusterShardingQuery,
                ShardRegion.CurrentShardRegionState>ask(ClusterSharding.get(system).shardState(),
                replyTo -> new GetShardRegionState(type, replyTo), timeout, system.scheduler()));
        return state.getShards().stream().anyMatch(shard -> shard.getEntityIds().contains(id));
    }

    private <T> T await(java.util.concurrent.CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
    }

    private static Answer refused(String what) {
        try {
            return new Answer(400, JSON.writeValueAsString(Map.of("error", what)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always JSON", e);
        }
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.typed.Cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The cluster as this node sees it, for {@code GET /cluster} and {@code switchboard admin cluster}: every member
 * with its status and datacenter, the shards and entities it hosts per entity type, and the members this node
 * cannot reach. Shard counts are asked of the sharding coordinator, so they are a moment's picture.
 */
public final class ClusterView {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ActorSystem<?> system;
    private final List<EntityTypeKey<?>> entityTypes;
    private final Duration timeout;

    public ClusterView(ActorSystem<?> system, List<EntityTypeKey<?>> entityTypes, Duration timeout) {
        this.system = system;
        this.entityTypes = List.copyOf(entityTypes);
        this.timeout = timeout;
    }

    /** The picture as JSON: {@code {"self":…,"members":[{"address","status","dc","shards":{},"entities":{}}],…}}. */
    public String json() {
        Cluster cluster = Cluster.get(system);
        Map<Address, Map<String, Object>> members = new LinkedHashMap<>();
        for (Member member : cluster.state().getMembers()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("address", member.address().toString());
            row.put("status", member.status().toString());
            row.put("dc", member.dataCenter());
            row.put("shards", new LinkedHashMap<String, Integer>());
            row.put("entities", new LinkedHashMap<String, Integer>());
            members.put(member.address(), row);
        }
        List<String> failures = new ArrayList<>();
        for (EntityTypeKey<?> type : entityTypes) {
            try {
                ShardRegion.ClusterShardingStats stats = stats(type);
                stats.getRegions().forEach((address, region) -> {
                    Map<String, Object> row = members.get(address);
                    if (row != null) {
                        shardsOf(row, "shards").put(type.name(), region.getStats().size());
                        shardsOf(row, "entities").put(type.name(),
                                region.getStats().values().stream().mapToInt(n -> ((Number) n).intValue()).sum());
                    }
                });
            } catch (Exception e) {
                failures.add(type.name() + ": " + e.getClass().getSimpleName());
            }
        }
        List<String> unreachable = cluster.state().getUnreachable().stream().map(m -> m.address().toString())
                .toList();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("self", cluster.selfMember().address().toString());
        view.put("members", new ArrayList<>(members.values()));
        view.put("unreachable", unreachable);
        if (!failures.isEmpty()) {
            view.put("shard_stats_unavailable", failures);
        }
        try {
            return JSON.writeValueAsString(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings and numbers is always JSON", e);
        }
    }

    private ShardRegion.ClusterShardingStats stats(EntityTypeKey<?> type) throws Exception {
        return AskPattern.<org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery,
                        ShardRegion.ClusterShardingStats>ask(ClusterSharding.get(system).shardState(),
                        replyTo -> new GetClusterShardingStats(type, timeout, replyTo), timeout.plusSeconds(1),
                        system.scheduler())
                .toCompletableFuture().get(timeout.toMillis() + 2_000, TimeUnit.MILLISECONDS);
    }

    @SuppressWarnings("unchecked") // built above as Map<String, Integer>
    private static Map<String, Integer> shardsOf(Map<String, Object> row, String key) {
        return (Map<String, Integer>) row.get(key);
    }
}

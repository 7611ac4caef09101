// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.user;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.protocol.id.UserId;
import io.switchboard.server.cluster.Homes;
import io.switchboard.server.config.ServerSettings;
import io.switchboard.server.group.GroupEntity;
import io.switchboard.server.store.StoreSettings;
import io.switchboard.server.store.Stores;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

import java.nio.file.Path;

/**
 * One node that joins itself, with the real embedded store in {@code dir}, the user and group entity types registered and
 * {@code serialize-messages = on}, so a message that could not cross nodes fails in the entity tests already.
 */
public final class EntityTestNode implements AutoCloseable {
    public final Stores stores;
    public final ActorTestKit testKit;
    public final ClusterSharding sharding;
    public final Homes homes;

    public EntityTestNode(String name, Path dir) {
        this(name, dir, "");
    }

    /** As {@link #EntityTestNode(String, Path)}, with {@code extraConfig} (HOCON) over the test settings. */
    public EntityTestNode(String name, Path dir, String extraConfig) {
        Config config = ConfigFactory.parseString(extraConfig).withFallback(ConfigFactory.parseString("""
                pekko.actor.serialize-messages = on
                # Messages still on their way to entities when a test ends must not hold the shutdown for 10 s.
                pekko.coordinated-shutdown.phases.cluster-sharding-shutdown-region.timeout = 2s
                pekko.actor.testkit.typed.system-shutdown-default = 30s
                # No graceful leave on close: a node of one has nobody to hand its shards to, and its leave waited
                # a second per test for the member to exit. The actors still stop before the store closes.
                pekko.coordinated-shutdown.run-by-actor-system-terminate = off
                switchboard.session.entity-idle-timeout = 200ms
                switchboard.data-dir = "%s"
                """.formatted(dir))).withFallback(ConfigFactory.load()).resolve();
        stores = Stores.open(StoreSettings.embedded(dir));
        testKit = ActorTestKit.create(name, config);
        Cluster cluster = Cluster.get(testKit.system());
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
        homes = Homes.start(testKit.system(), stores.homes());
        UserEntity.init(testKit.system(), stores.mailbox(), stores.accounts(), stores.presence(), stores.groups(),
                ServerSettings.create(config), homes);
        GroupEntity.init(testKit.system(), stores.groups(), ServerSettings.create(config), homes);
        sharding = ClusterSharding.get(testKit.system());
    }

    /** Binds device 1 of {@code user}: chat messages are stored only for numbers that registered. */
    public void register(UserId user) {
        byte[] key = new byte[32];
        new java.util.Random(user.digits().hashCode()).nextBytes(key);
        stores.accounts().bind(user, 1, key).join();
    }

    public EntityRef<UserEntity.Command> entity(UserId user) {
        return sharding.entityRefFor(UserEntity.TYPE_KEY, user.digits());
    }

    @Override
    public void close() {
        testKit.shutdownTestKit();
        stores.close();
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.user;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.protocol.id.UserId;
import io.switchboard.server.config.ServerSettings;
import io.switchboard.server.store.StoreSettings;
import io.switchboard.server.store.Stores;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

import java.nio.file.Path;

/**
 * One node that joins itself, with the real embedded store in {@code dir}, the user entity type registered and
 * {@code serialize-messages = on}, so a message that could not cross nodes fails in the entity tests already.
 */
final class EntityTestNode implements AutoCloseable {
    final Stores stores;
    final ActorTestKit testKit;
    final ClusterSharding sharding;

    EntityTestNode(String name, Path dir) {
        Config config = ConfigFactory.parseString("""
                pekko.actor.serialize-messages = on
                switchboard.session.entity-idle-timeout = 200ms
                switchboard.data-dir = "%s"
                """.formatted(dir)).withFallback(ConfigFactory.load()).resolve();
        stores = Stores.open(StoreSettings.embedded(dir));
        testKit = ActorTestKit.create(name, config);
        Cluster cluster = Cluster.get(testKit.system());
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
        UserEntity.init(testKit.system(), stores.mailbox(), stores.presence(), ServerSettings.create(config));
        sharding = ClusterSharding.get(testKit.system());
    }

    EntityRef<UserEntity.Command> entity(UserId user) {
        return sharding.entityRefFor(UserEntity.TYPE_KEY, user.digits());
    }

    @Override
    public void close() {
        testKit.shutdownTestKit();
        stores.close();
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.ops;

import io.switchboard.server.store.AccountStore;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A node is ready when its cluster member is Up and the store answers a query (an account lookup by an all-zero
 * key, which matches nobody) within {@code storeTimeout}. A member past Up (leaving, exiting, down, removed) or a
 * terminated actor system is stopping; anything else, including a slow or failing store, is starting.
 *
 * <p>Members this node cannot reach do not make it unready: the split brain resolver decides which side stays and
 * downs the other, and a node that is downed goes to stopping then. Taking a node out of a load balancer because
 * another one is unreachable would only shrink the side that survives. {@code /health} shows the counts anyway.
 */
public final class NodeReadiness implements Readiness {
    private static final byte[] NO_KEY = new byte[32];

    private final ActorSystem<?> system;
    private final AccountStore accounts;
    private final Duration storeTimeout;

    public NodeReadiness(ActorSystem<?> system, AccountStore accounts, Duration storeTimeout) {
        this.system = system;
        this.accounts = accounts;
        this.storeTimeout = storeTimeout;
    }

    @Override
    public Status check() {
        if (system.whenTerminated().isCompleted()) {
            return Status.STOPPING;
        }
        MemberStatus member = Cluster.get(system).selfMember().status();
        if (member == MemberStatus.leaving() || member == MemberStatus.exiting() || member == MemberStatus.down()
                || member == MemberStatus.removed()) {
            return Status.STOPPING;
        }
        if (member != MemberStatus.up()) {
            return Status.STARTING;
        }
        try {
            accounts.findByKey(NO_KEY).toCompletableFuture().get(storeTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return Status.READY;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Status.STARTING;
        } catch (Exception e) {
            return Status.STARTING;
        }
    }
}

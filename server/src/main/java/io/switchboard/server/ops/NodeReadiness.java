// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.ops;

import io.switchboard.server.store.AccountStore;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A node is ready when its cluster member is Up and the store answers a query (an account lookup by an all-zero
 * key, which matches nobody) within {@code storeTimeout}. A member past Up (leaving, exiting, down, removed) or a
 * terminated actor system is stopping; anything else, including a slow or failing store, is starting. A node whose
 * store reads but cannot write (its last write round failed on a full disk) is store-unwritable, not ready: it would
 * answer every message 503. The store probes by itself, so the node turns ready again when space returns.
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
    private final BooleanSupplier storeWritable;

    public NodeReadiness(ActorSystem<?> system, AccountStore accounts, Duration storeTimeout,
                         BooleanSupplier storeWritable) {
        this.system = system;
        this.accounts = accounts;
        this.storeTimeout = storeTimeout;
        this.storeWritable = storeWritable;
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
            return storeWritable.getAsBoolean() ? Status.READY : Status.STORE_UNWRITABLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Status.STARTING;
        } catch (Exception e) {
            return Status.STARTING;
        }
    }
}

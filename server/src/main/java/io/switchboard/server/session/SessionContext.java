// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.session;

import io.switchboard.server.cluster.Homes;
import io.switchboard.server.config.ServerSettings;
import io.switchboard.server.keys.KeyDirectory;
import io.switchboard.server.limits.AccountLimits;
import io.switchboard.server.ops.ServerMetrics;
import io.switchboard.server.registration.RegistrationService;
import io.switchboard.server.store.AccountStore;
import io.switchboard.server.store.GroupStore;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every session on a node shares: settings, the node's gateway, sharding, the account store and the
 * registration service. One per node, built at start and handed to each new connection's session.
 *
 * @param sessionIds the node's session id counter
 * @param metrics    the node's meters, which sessions move
 * @param groups     the group store, for finding a group by its invite code and listing a user's groups
 * @param keys       the key directory of end-to-end encryption
 * @param homes      references to user and group entities in their home datacenters
 * @param limits     the node's per-account rate limits, shared by all sessions so reconnecting does not reset them
 */
public record SessionContext(ServerSettings settings, ActorSystem<?> system, ActorRef<Gateway.Command> gateway,
                             Homes homes, AccountStore accounts, RegistrationService registration,
                             Clock clock, AtomicLong sessionIds, ServerMetrics metrics, GroupStore groups,
                             KeyDirectory keys, AccountLimits limits) {
}

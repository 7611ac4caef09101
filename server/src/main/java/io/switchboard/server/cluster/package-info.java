// SPDX-License-Identifier: AGPL-3.0-only
/**
 * A cluster that spans datacenters. Pekko shards entities within each datacenter separately, so without care a
 * user's entity could run in two datacenters at once, each with its own idea of the mailbox. Every user and group
 * therefore has a <em>home</em> datacenter, recorded in the store ({@link io.switchboard.server.store.HomeStore}):
 *
 * <ul>
 *   <li>{@link io.switchboard.server.cluster.Homes} resolves homes (cached) and hands out
 *       {@link io.switchboard.server.cluster.HomeRef}s, which send to the entity in its home datacenter: directly
 *       when the home is cached, else through the node's {@link io.switchboard.server.cluster.HomeRouter}, which
 *       holds messages for one entity in order while its home is read.</li>
 *   <li>{@link io.switchboard.server.cluster.HomeGuard} wraps each entity: started in a datacenter that is not its
 *       home (a stale cache, a home just moved) it runs no state and forwards everything home.</li>
 * </ul>
 *
 * In a cluster of one datacenter (no {@code --datacenter}, Pekko's "default") none of this runs: every reference
 * is the plain sharded one.
 */
package io.switchboard.server.cluster;

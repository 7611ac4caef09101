// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.ops;

import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * The cluster as this node sees it at one moment, read from its local membership state (no messages, so cheap enough
 * for every {@code /health} call and scrape). Nodes can disagree: each counts what its own failure detector sees.
 *
 * @param membersUp          members with status Up, this node included
 * @param membersUnreachable members this node's failure detector cannot reach
 * @param datacenter         this node's datacenter ({@code pekko.cluster.multi-data-center.self-data-center})
 */
public record ClusterHealth(int membersUp, int membersUnreachable, String datacenter) {

    public static ClusterHealth of(Cluster cluster) {
        int up = 0;
        for (Member member : cluster.state().getMembers()) {
            if (member.status() == MemberStatus.up()) {
                up++;
            }
        }
        return new ClusterHealth(up, cluster.state().getUnreachable().size(), cluster.selfMember().dataCenter());
    }
}

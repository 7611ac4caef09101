// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.session;

import io.switchboard.protocol.id.GroupId;
import io.switchboard.protocol.node.Node;
import io.switchboard.server.store.GroupListing;
import io.switchboard.server.store.GroupRole;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GroupRepliesTest {

    @Test
    void aListingNamesEachGroupWithItsCountAndMarksOnlyAdmins() {
        GroupId climbing = new GroupId("1a2b3c4d5e6f7081");
        GroupId chess = new GroupId("2b3c4d5e6f708192");

        Node groups = GroupReplies.groups(List.of(new GroupListing(climbing, "Climbing", 3, GroupRole.ADMIN),
                new GroupListing(chess, "Chess", 12, GroupRole.MEMBER)));

        assertThat(groups).isEqualTo(Node.builder("groups")
                .child(Node.builder("group").attr("jid", "1a2b3c4d5e6f7081@g.switchboard").attr("subject", "Climbing")
                        .attr("members", "3").attr("type", "admin"))
                .child(Node.builder("group").attr("jid", "2b3c4d5e6f708192@g.switchboard").attr("subject", "Chess")
                        .attr("members", "12"))
                .build());
    }

    @Test
    void noGroupsIsAnEmptyList() {
        assertThat(GroupReplies.groups(List.of())).isEqualTo(Node.of("groups"));
    }
}

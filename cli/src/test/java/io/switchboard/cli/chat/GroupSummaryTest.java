// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli.chat;

import io.switchboard.client.GroupInfo;
import io.switchboard.client.GroupMember;
import io.switchboard.protocol.id.GroupId;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static io.switchboard.cli.chat.ChatModelTest.ALICE;
import static io.switchboard.cli.chat.ChatModelTest.BOB;
import static io.switchboard.cli.chat.ChatModelTest.T0;
import static org.assertj.core.api.Assertions.assertThat;

class GroupSummaryTest {

    @Test
    void infoShowsSubjectAdminsAndEveryMemberWithThisUserFirst() {
        GroupInfo info = new GroupInfo(new GroupId("0123456789abcdef"), "Climbing", "Tuesdays at the wall", BOB, T0,
                true, Optional.empty(), List.of(new GroupMember(BOB, true), new GroupMember(ALICE, false)));
        assertThat(GroupSummary.lines(info, ALICE)).containsExactly(
                "\"Climbing\"",
                "  Tuesdays at the wall",
                "  only admins may send",
                "Admins: +15551230002",
                "Members (2):",
                "  you",
                "  +15551230002  admin");
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import io.switchboard.protocol.id.GroupId;
import io.switchboard.protocol.id.MessageId;
import io.switchboard.protocol.id.UserId;
import io.switchboard.protocol.node.Node;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupsTest {
    private static final GroupId GROUP = new GroupId("1a2b3c4d5e6f7081");
    private static final UserId BOB = UserId.fromPhone("+15551230003");

    @Test
    void createGoesToTheGroupDomainWithEachMemberOnce() {
        GroupRequest<GroupInfo> create = Groups.create("Climbing", List.of(BOB, BOB));

        assertThat(create.iq("7")).isEqualTo(Node.builder("iq").attr("id", "7").attr("type", "set")
                .attr("to", "g.switchboard").child(Node.builder("create").attr("subject", "Climbing")
                        .child(Node.builder("participant").attr("jid", BOB.address()))).build());
    }

    @Test
    void aGroupListReadsEachGroupAndAMalformedCountIsAClearError() {
        Node reply = Node.builder("iq").attr("type", "result").child(Node.builder("groups")
                .child(Node.builder("group").attr("jid", GROUP.address()).attr("subject", "Climbing")
                        .attr("members", "3").attr("type", "admin"))
                .child(Node.builder("group").attr("jid", "2b3c4d5e6f708192@g.switchboard").attr("members", "1")))
                .build();

        assertThat(Groups.list().reply().apply(reply)).containsExactly(new GroupSummary(GROUP, "Climbing", 3, true),
                new GroupSummary(new GroupId("2b3c4d5e6f708192"), "", 1, false));
        Node bad = Node.builder("iq").child(Node.builder("groups").child(Node.builder("group")
                .attr("jid", GROUP.address()).attr("members", "many"))).build();
        assertThatThrownBy(() -> GroupStanzas.groupList(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a listed group's members is not a count: 'many'");
    }

    @Test
    void aSubjectIsCountedInCharactersNotBytes() {
        String hundredEmoji = "🧗".repeat(100);

        Node subject = Groups.subject(GROUP, hundredEmoji).child();

        assertThat(new String(subject.bytes(), StandardCharsets.UTF_8)).isEqualTo(hundredEmoji);
        assertThatThrownBy(() -> Groups.subject(GROUP, hundredEmoji + "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a group subject holds at most 100 characters, this one has 101; shorten it");
    }

    @Test
    void aBlankSubjectIsRefused() {
        assertThatThrownBy(() -> Groups.create("  ", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a subject");
    }

    @Test
    void aDescriptionOver512CharactersIsRefusedAndAnEmptyOneClears() {
        assertThatThrownBy(() -> Groups.description(GROUP, "d".repeat(513)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a group description holds at most 512 characters, this one has 513; shorten it");
        assertThat(Groups.description(GROUP, "").child().bytes()).isEmpty();
    }

    @Test
    void moreThan1024DistinctMembersAreRefused() {
        List<UserId> many = new ArrayList<>();
        for (int i = 0; i < 1_025; i++) {
            many.add(new UserId(String.valueOf(15_550_000_000L + i)));
        }

        assertThat(Groups.members("add", GROUP, many.subList(0, 1_024)).child().children()).hasSize(1_024);
        assertThatThrownBy(() -> Groups.members("add", GROUP, many))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 1024 members");
        assertThatThrownBy(() -> Groups.create("Crowd", many))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1025 were named");
    }

    @Test
    void aMemberChangeMustNameSomeone() {
        assertThatThrownBy(() -> Groups.members("remove", GROUP, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("name at least one member to change");
    }

    @Test
    void anInviteCodeWithSpacesOrNothingInItIsRefused() {
        assertThatThrownBy(() -> Groups.join("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Groups.join("Xk3 abc")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Groups.join("Xk3abcdefghijklmnopqrs").child())
                .isEqualTo(Node.builder("join").attr("code", "Xk3abcdefghijklmnopqrs").build());
    }

    @Test
    void requestsNameTheGroupAndUseGetOnlyToRead() {
        assertThat(Groups.info(GROUP).iq("1").attr("to")).isEqualTo(GROUP.address());
        assertThat(Groups.info(GROUP).type()).isEqualTo("get");
        assertThat(Groups.receipts(GROUP, new MessageId("a4")).type()).isEqualTo("get");
        assertThat(Groups.inviteCode(GROUP, true).child().tag()).isEqualTo("revoke-invite");
        assertThat(Groups.announceOnly(GROUP, false).child().attr("announce")).isEqualTo("false");
        assertThat(Groups.leave(GROUP).reply().apply(Node.of("iq"))).isNull();
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.e2e;

import io.switchboard.client.GroupInfo;
import io.switchboard.client.IncomingMessage;
import io.switchboard.client.WireEvent;
import io.switchboard.e2e.Users.User;
import io.switchboard.protocol.id.GroupId;
import io.switchboard.protocol.node.Node;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.ServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.signal.libsignal.protocol.message.SenderKeyMessage;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Group messages encrypted with sender keys through a real server (PROTOCOL.md §14.6): each member's key goes to
 * the others pairwise, each message once as {@code skmsg}; a removal retires the key, so what is sent after it is
 * under a key the removed member never received.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class GroupEncryptionIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create().config(Users.TEST_CONFIG);
    static Users users;

    @BeforeAll
    static void openUsers() throws Exception {
        users = new Users(server.process(), dir.resolve("clients"), 500);
    }

    @AfterAll
    static void closeUsers() throws Exception {
        users.close();
    }

    private static List<String> groupTexts(User user, GroupId group) {
        return user.messages.stream().filter(m -> m.group().equals(java.util.Optional.of(group)))
                .map(m -> m.from().phone() + ": " + m.text()).toList();
    }

    @Test
    void everyMemberReadsEveryOtherMembersMessages() throws Exception {
        User alice = users.register();
        User bob = users.register();
        User carol = users.register();
        User dave = users.register();
        GroupInfo group = alice.client.createGroup("Climbing", List.of(bob.id, carol.id, dave.id))
                .get(30, TimeUnit.SECONDS);

        alice.client.sendToGroup(group.id(), "saturday at ten?").get(30, TimeUnit.SECONDS);
        bob.client.sendToGroup(group.id(), "yes").get(30, TimeUnit.SECONDS);
        Await.until("carol reads both", WAIT, () -> groupTexts(carol, group.id()).size() == 2);
        dave.client.close();
        carol.client.sendToGroup(group.id(), "see you there").get(30, TimeUnit.SECONDS);
        User daveAgain = users.reopen(dave);
        daveAgain.login();

        String a = alice.id.phone() + ": saturday at ten?";
        String b = bob.id.phone() + ": yes";
        String c = carol.id.phone() + ": see you there";
        Await.until("everyone reads the others", WAIT, () -> groupTexts(alice, group.id()).size() == 2
                && groupTexts(bob, group.id()).size() == 2 && groupTexts(carol, group.id()).size() == 2
                && groupTexts(daveAgain, group.id()).size() == 1);
        assertThat(groupTexts(alice, group.id())).containsExactly(b, c);
        assertThat(groupTexts(bob, group.id())).containsExactly(a, c);
        assertThat(groupTexts(carol, group.id())).containsExactly(a, b);
        assertThat(groupTexts(daveAgain, group.id())).containsExactly(c);
        assertThat(groupTexts(dave, group.id())).containsExactly(a, b);
        assertThat(alice.messages).noneMatch(m -> m.group().isEmpty());
    }

    @Test
    void afterARemovalMessagesGoUnderANewSenderKeyTheRemovedMemberNeverGets() throws Exception {
        User first = users.register();
        User bob = users.register();
        User carol = users.register();
        first.client.close();
        User alice = users.reopen(first);
        ConcurrentLinkedQueue<Node> sent = new ConcurrentLinkedQueue<>();
        alice.client.onWire(event -> {
            if (event.direction() == WireEvent.Direction.SENT && event.node().tag().equals("message")) {
                sent.add(event.node());
            }
        });
        alice.login();
        GroupInfo group = alice.client.createGroup("Book club", List.of(bob.id, carol.id)).get(30, TimeUnit.SECONDS);
        alice.client.sendToGroup(group.id(), "before").get(30, TimeUnit.SECONDS);
        Await.until("bob and carol read it", WAIT, () -> groupTexts(bob, group.id()).size() == 1
                && groupTexts(carol, group.id()).size() == 1);
        UUID before = lastDistribution(sent, group.id());

        alice.client.removeMembers(group.id(), List.of(carol.id)).get(30, TimeUnit.SECONDS);
        sent.clear();
        alice.client.sendToGroup(group.id(), "after").get(30, TimeUnit.SECONDS);

        Await.until("bob reads it", WAIT, () -> groupTexts(bob, group.id()).size() == 2);
        assertThat(lastDistribution(sent, group.id())).isNotEqualTo(before);
        assertThat(sent).as("the new key goes to bob alone").filteredOn(n -> !n.attr("to").equals(group.id()
                .address())).extracting(n -> n.attr("to")).containsExactly(bob.id.address());
        assertThat(carol.messages).extracting(IncomingMessage::text).doesNotContain("after");
    }

    private static UUID lastDistribution(ConcurrentLinkedQueue<Node> sent, GroupId group) throws Exception {
        Node last = null;
        for (Node node : sent) {
            if (node.attr("to").equals(group.address())) {
                last = node;
            }
        }
        assertThat(last).as("a group message was sent").isNotNull();
        assertThat(last.child("enc").attr("type")).isEqualTo("skmsg");
        return new SenderKeyMessage(last.child("enc").bytes()).getDistributionId();
    }
}

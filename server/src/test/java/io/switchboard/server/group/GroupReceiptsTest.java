// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.group;

import io.switchboard.protocol.id.MessageId;
import io.switchboard.protocol.id.UserId;
import io.switchboard.server.store.GroupMember;
import io.switchboard.server.store.GroupRole;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GroupReceiptsTest {
    private static final UserId SENDER = new UserId("15551230001");
    private static final UserId B = new UserId("15551230002");
    private static final UserId C = new UserId("15551230003");
    private static final MessageId M = new MessageId("a1");

    private final List<String> told = new ArrayList<>();
    private final GroupReceipts receipts = new GroupReceipts(new GroupReceipts.Sink() {
        @Override
        public void allDelivered(UserId sender, MessageId messageId) {
            told.add("delivered " + sender.digits() + " " + messageId);
        }

        @Override
        public void allRead(UserId sender, MessageId messageId) {
            told.add("read " + sender.digits() + " " + messageId);
        }
    }, 3);

    private static GroupMember member(UserId user, long delivered, long read) {
        return GroupMember.joined(user, GroupRole.MEMBER, 1).withCursors(delivered, read);
    }

    @Test
    void deliveredToAllIsToldOnceWhenTheLastMemberHasIt() {
        receipts.track(5, SENDER, M, 2, 2);
        receipts.advanced(member(B, 4, 0), 5, 0);
        assertThat(told).isEmpty();
        receipts.advanced(member(C, 3, 0), 7, 0);
        assertThat(told).containsExactly("delivered 15551230001 a1");
        receipts.advanced(member(C, 7, 0), 9, 0);
        assertThat(told).hasSize(1);
    }

    @Test
    void readByAllFollowsAndEndsTracking() {
        receipts.track(5, SENDER, M, 2, 2);
        receipts.advanced(member(B, 4, 4), 5, 5);
        receipts.advanced(member(C, 4, 4), 5, 5);
        assertThat(told).containsExactly("delivered 15551230001 a1", "read 15551230001 a1");
        assertThat(receipts.size()).isZero();
    }

    @Test
    void theSendersOwnCursorNeverCounts() {
        receipts.track(5, SENDER, M, 1, 1);
        receipts.advanced(member(SENDER, 4, 4), 9, 9);
        assertThat(told).isEmpty();
    }

    @Test
    void aRemovedMemberThatHadNotReceivedItNoLongerCounts() {
        receipts.track(5, SENDER, M, 2, 2);
        receipts.advanced(member(B, 4, 4), 5, 5);
        receipts.removed(member(C, 4, 4));
        assertThat(told).containsExactly("delivered 15551230001 a1", "read 15551230001 a1");
    }

    @Test
    void aMemberWhoJoinedAfterTheMessageDoesNotCountForIt() {
        receipts.track(5, SENDER, M, 1, 1);
        GroupMember late = GroupMember.joined(C, GroupRole.MEMBER, 8);
        receipts.advanced(late, 9, 9);
        assertThat(told).isEmpty();
    }

    @Test
    void pastItsCapacityTheOldestMessageIsGivenUp() {
        for (int seq = 1; seq <= 4; seq++) {
            receipts.track(seq, SENDER, new MessageId("m" + seq), 1, 1);
        }
        assertThat(receipts.size()).isEqualTo(3);
        receipts.advanced(member(B, 0, 0), 4, 0);
        assertThat(told).containsExactly("delivered 15551230001 m2", "delivered 15551230001 m3",
                "delivered 15551230001 m4");
    }

    @Test
    void aMessageToNobodyElseIsDeliveredAndReadAtOnce() {
        receipts.track(5, SENDER, M, 0, 0);
        assertThat(told).containsExactly("delivered 15551230001 a1", "read 15551230001 a1");
        assertThat(receipts.size()).isZero();
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli.chat;

import io.switchboard.protocol.id.GroupId;
import io.switchboard.protocol.id.UserId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HistoryStoreTest {
    private static final UserId ALICE = UserId.fromPhone("+15551230001");
    private static final UserId BOB = UserId.fromPhone("+15551230002");
    private static final ChatId WITH_BOB = ChatId.of(BOB);
    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void linesTicksAndUnreadCountsSurviveClosingAndReopening() {
        try (HistoryStore store = open()) {
            ChatMessage sent = store.addOutgoing(WITH_BOB, ALICE, "hello bob", T0);
            store.markSent(sent.localId(), "1", T0.plusSeconds(1));
            store.applyReceipt(WITH_BOB, "1", Tick.DELIVERED);
            store.addIncoming(WITH_BOB, BOB, "7", "hi alice", T0.plusSeconds(2));
            store.addIncoming(WITH_BOB, BOB, "8", "you there?", T0.plusSeconds(3));
        }
        try (HistoryStore store = open()) {
            List<ChatMessage> lines = store.messages(WITH_BOB, 10);
            assertThat(lines).extracting(ChatMessage::text).containsExactly("hello bob", "hi alice", "you there?");
            assertThat(lines.get(0).tick()).isEqualTo(Tick.DELIVERED);
            assertThat(lines.get(0).id()).contains("1");
            assertThat(lines.get(0).time()).isEqualTo(T0.plusSeconds(1));
            assertThat(store.conversations()).singleElement().satisfies(c -> {
                assertThat(c.unread()).isEqualTo(2);
                assertThat(c.last()).map(ChatMessage::text).contains("you there?");
                assertThat(c.title()).isEqualTo("+15551230002");
            });
        }
    }

    @Test
    void aRefusedMessageGoesBackToPendingOnlyWhenRetried() {
        try (HistoryStore store = open()) {
            ChatMessage refused = store.addOutgoing(WITH_BOB, ALICE, "hello?", T0);
            ChatMessage sent = store.addOutgoing(WITH_BOB, ALICE, "fine", T0);
            store.markFailed(refused.localId());
            store.markSent(sent.localId(), "2", T0);
            assertThat(store.failed(WITH_BOB)).extracting(ChatMessage::text).containsExactly("hello?");
            assertThat(store.pending()).isEmpty();

            ChatMessage again = store.requeue(refused.localId());
            assertThat(again.tick()).isEqualTo(Tick.PENDING);
            assertThat(store.failed(WITH_BOB)).isEmpty();
            assertThat(store.pending()).extracting(ChatMessage::text).containsExactly("hello?");
            assertThat(store.requeue(sent.localId()).tick()).as("only a refused line moves back").isEqualTo(Tick.SENT);
        }
    }

    @Test
    void showingMessagesClearsTheUnreadCount() {
        try (HistoryStore store = open()) {
            ChatMessage first = store.addIncoming(WITH_BOB, BOB, "7", "hi", T0).orElseThrow();
            store.addIncoming(WITH_BOB, BOB, "8", "again", T0.plusSeconds(1));
            store.markSeen(List.of(first.localId()));
            assertThat(store.conversations().get(0).unread()).isEqualTo(1);
        }
    }

    @Test
    void aRedeliveredMessageIsWrittenOnce() {
        try (HistoryStore store = open()) {
            assertThat(store.addIncoming(WITH_BOB, BOB, "7", "hi", T0)).isPresent();
            assertThat(store.addIncoming(WITH_BOB, BOB, "7", "hi", T0)).isEmpty();
            assertThat(store.messages(WITH_BOB, 10)).hasSize(1);
        }
    }

    @Test
    void aReceiptThatArrivesBeforeTheAckIsAppliedWhenTheIdIsKnown() {
        try (HistoryStore store = open()) {
            ChatMessage sent = store.addOutgoing(WITH_BOB, ALICE, "quick", T0);
            store.applyReceipt(WITH_BOB, "5", Tick.READ);
            store.markSent(sent.localId(), "5", T0);
            assertThat(store.messages(WITH_BOB, 1).get(0).tick()).isEqualTo(Tick.READ);
        }
    }

    @Test
    void unackedMessagesAreListedAsPendingAfterARestart() {
        try (HistoryStore store = open()) {
            store.addOutgoing(WITH_BOB, ALICE, "acked", T0);
            store.markSent(1, "1", T0);
            store.addOutgoing(WITH_BOB, ALICE, "sent while offline", T0.plusSeconds(1));
        }
        try (HistoryStore store = open()) {
            assertThat(store.pending()).extracting(ChatMessage::text).containsExactly("sent while offline");
            assertThat(store.pending().get(0).tick()).isEqualTo(Tick.PENDING);
        }
    }

    @Test
    void aGroupKeepsItsSubjectAndItsNotesDoNotCountAsUnread() {
        ChatId group = ChatId.of(new GroupId("0123456789abcdef"));
        try (HistoryStore store = open()) {
            store.setTitle(group, "Climbing", T0);
            store.addNote(group, BOB, "n1", "+15551230002 created \"Climbing\"", T0);
            store.addNote(group, BOB, "n1", "+15551230002 created \"Climbing\"", T0);
            Conversation c = store.conversations().get(0);
            assertThat(c.title()).isEqualTo("Climbing");
            assertThat(store.title(group)).contains("Climbing");
            assertThat(store.title(WITH_BOB)).isEmpty();
            assertThat(c.unread()).isZero();
            assertThat(store.messages(group, 10)).hasSize(1);
        }
    }

    @Test
    void aNewChatWithoutLinesIsListedFromWhenItWasStarted() {
        try (HistoryStore store = open()) {
            store.ensureChat(WITH_BOB, WITH_BOB.defaultTitle(), T0);
            assertThat(store.conversations()).singleElement().satisfies(c -> {
                assertThat(c.last()).isEmpty();
                assertThat(c.lastActivity()).isEqualTo(T0);
            });
        }
    }

    private HistoryStore open() {
        return HistoryStore.open(dir.resolve(HistoryStore.FILE));
    }
}

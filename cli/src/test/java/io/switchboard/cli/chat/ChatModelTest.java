// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli.chat;

import io.switchboard.client.PresenceUpdate;
import io.switchboard.protocol.id.UserId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ChatModelTest {
    static final UserId ALICE = UserId.fromPhone("+15551230001");
    static final UserId BOB = UserId.fromPhone("+15551230002");
    static final UserId CAROL = UserId.fromPhone("+15551230003");
    static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

    private final ChatModel model = new ChatModel(ALICE);

    @Test
    void aNumberNotOnSwitchboardIsSaidInTheNoticeOnlyWhileItsChatIsOpen() {
        model.notOnSwitchboard(CAROL);
        assertThat(model.notice()).as("carol's chat is not open").isEmpty();
        model.openChat(ChatId.of(BOB));
        model.notOnSwitchboard(BOB);
        assertThat(model.notice()).startsWith("+15551230002 is not on Switchboard");
        assertThat(model.isOnSwitchboard(BOB)).isFalse();
        assertThat(model.isOnSwitchboard(ALICE)).isTrue();
        model.backToList();
        model.setNotice("");
        model.openChat(ChatId.of(BOB));
        assertThat(model.notice()).as("opened again").startsWith("+15551230002 is not on Switchboard");
    }

    @Test
    void theChatListIsSortedByMostRecentActivity() {
        model.setConversations(List.of(chat(BOB, T0, 0), chat(CAROL, T0.plusSeconds(60), 2)));
        assertThat(model.conversations()).extracting(Conversation::title)
                .containsExactly("+15551230003", "+15551230002");
    }

    @Test
    void chatsActiveInTheSameSecondAreOrderedByTheLineWrittenLast() {
        ChatMessage earlier = line(BOB, 7);
        ChatMessage later = line(CAROL, 8);
        model.setConversations(List.of(
                new Conversation(ChatId.of(CAROL), "Climbing", Optional.of(later), T0, 0),
                new Conversation(ChatId.of(BOB), "+15551230002", Optional.of(earlier), T0, 0)));
        assertThat(model.conversations()).extracting(Conversation::title).containsExactly("Climbing", "+15551230002");
    }

    @Test
    void theSelectionStaysOnTheSameChatWhenANewMessageReordersTheList() {
        model.setConversations(List.of(chat(BOB, T0.plusSeconds(60), 0), chat(CAROL, T0, 0)));
        model.moveSelection(1);
        assertThat(model.selectedChat()).contains(ChatId.of(CAROL));

        model.setConversations(List.of(chat(BOB, T0.plusSeconds(60), 0), chat(CAROL, T0.plusSeconds(120), 1)));
        assertThat(model.selected()).isZero();
        assertThat(model.selectedChat()).contains(ChatId.of(CAROL));
    }

    @Test
    void movingPastEitherEndOfTheListWrapsAround() {
        model.setConversations(List.of(chat(BOB, T0, 0), chat(CAROL, T0.plusSeconds(1), 0)));
        model.moveSelection(-1);
        assertThat(model.selected()).isEqualTo(1);
        model.moveSelection(1);
        assertThat(model.selected()).isZero();
    }

    @Test
    void openingAChatSelectsItAndGoingBackClosesIt() {
        model.setConversations(List.of(chat(BOB, T0, 0), chat(CAROL, T0.plusSeconds(1), 0)));
        model.openChat(ChatId.of(BOB));
        assertThat(model.view()).isEqualTo(ChatModel.View.CONVERSATION);
        assertThat(model.selectedChat()).contains(ChatId.of(BOB));
        model.backToList();
        assertThat(model.view()).isEqualTo(ChatModel.View.LIST);
        assertThat(model.open()).isEmpty();
    }

    @Test
    void theInputLineEditsAtTheCursor() {
        model.insert("helo");
        model.cursorLeft();
        model.insert("l");
        model.cursorEnd();
        model.backspace();
        model.insert("o!");
        assertThat(model.input()).isEqualTo("hello!");
        assertThat(model.takeInput()).isEqualTo("hello!");
        assertThat(model.input()).isEmpty();
        assertThat(model.cursor()).isZero();
    }

    @Test
    void typingShowsUntilPausedOrUntilItGoesStale() {
        model.typing(BOB, true, T0);
        assertThat(model.isTyping(BOB, T0.plusSeconds(1))).isTrue();
        assertThat(model.isTyping(BOB, T0.plus(ChatModel.TYPING_LASTS))).isFalse();
        model.typing(BOB, true, T0);
        model.typing(BOB, false, T0.plusSeconds(1));
        assertThat(model.isTyping(BOB, T0.plusSeconds(1))).isFalse();
    }

    @Test
    void goingOfflineEndsTyping() {
        model.typing(BOB, true, T0);
        model.presence(new PresenceUpdate(BOB, false, Optional.of(T0)));
        assertThat(model.isTyping(BOB, T0)).isFalse();
    }

    @Test
    void scrollingNeverGoesBelowTheLatestLine() {
        model.scrollBy(-3);
        assertThat(model.scroll()).isZero();
        model.scrollBy(10);
        model.clampScroll(4);
        assertThat(model.scroll()).isEqualTo(4);
    }

    private static ChatMessage line(UserId peer, long localId) {
        return new ChatMessage(localId, ChatId.of(peer), ChatMessage.Kind.TEXT, true, ALICE, Optional.of("1"), "hi", T0,
                Tick.SENT, true);
    }

    static Conversation chat(UserId peer, Instant activity, int unread) {
        return new Conversation(ChatId.of(peer), peer.phone(), Optional.empty(), activity, unread);
    }
}

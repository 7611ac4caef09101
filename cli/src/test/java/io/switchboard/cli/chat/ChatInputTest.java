// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli.chat;

import io.switchboard.protocol.id.UserId;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.switchboard.cli.chat.ChatModel.View.CONVERSATION;
import static io.switchboard.cli.chat.ChatModel.View.LIST;
import static org.assertj.core.api.Assertions.assertThat;

class ChatInputTest {

    @Test
    void aPhoneNumberInTheListStartsAChat() {
        assertThat(ChatInput.parse(" +15551230002 ", LIST))
                .isEqualTo(new ChatInput.OpenChat(UserId.fromPhone("+15551230002")));
    }

    @Test
    void anEmptyLineInTheListOpensTheSelectedChat() {
        assertThat(ChatInput.parse("", LIST)).isInstanceOf(ChatInput.OpenSelected.class);
    }

    @Test
    void groupTakesASubjectOfSeveralWordsThenMembers() {
        assertThat(ChatInput.parse("/group Climbing club +15551230002 +15551230003", LIST))
                .isEqualTo(new ChatInput.CreateGroup("Climbing club", List.of(UserId.fromPhone("+15551230002"),
                        UserId.fromPhone("+15551230003"))));
    }

    @Test
    void aGroupWithoutMembersOrSubjectIsRefusedWithAnExample() {
        assertThat(ChatInput.parse("/group Climbing", LIST)).isInstanceOfSatisfying(ChatInput.Invalid.class,
                invalid -> assertThat(invalid.reason()).contains("/group Climbing +"));
        assertThat(ChatInput.parse("/group +15551230002", LIST)).isInstanceOf(ChatInput.Invalid.class);
    }

    @Test
    void textInAConversationIsAMessageAndADoubleSlashSendsASlash() {
        assertThat(ChatInput.parse("hello bob", CONVERSATION)).isEqualTo(new ChatInput.Send("hello bob"));
        assertThat(ChatInput.parse("//shrug", CONVERSATION)).isEqualTo(new ChatInput.Send("/shrug"));
        assertThat(ChatInput.parse("   ", CONVERSATION)).isInstanceOf(ChatInput.Nothing.class);
    }

    @Test
    void quitWorksFromBothViews() {
        assertThat(ChatInput.parse("/quit", LIST)).isInstanceOf(ChatInput.Quit.class);
        assertThat(ChatInput.parse("/quit", CONVERSATION)).isInstanceOf(ChatInput.Quit.class);
    }

    @Test
    void somethingThatIsNotANumberInTheListSaysWhatToType() {
        assertThat(ChatInput.parse("bob", LIST)).isInstanceOfSatisfying(ChatInput.Invalid.class,
                invalid -> assertThat(invalid.reason()).contains("+NUMBER"));
        assertThat(ChatInput.parse("+12", LIST)).isInstanceOf(ChatInput.Invalid.class);
    }

    @Test
    void helpWorksFromBothViewsAndUnknownCommandsPointToIt() {
        assertThat(ChatInput.parse("/help", LIST)).isInstanceOf(ChatInput.Help.class);
        assertThat(ChatInput.parse(" /help ", CONVERSATION)).isInstanceOf(ChatInput.Help.class);
        assertThat(ChatInput.parse("/frobnicate", CONVERSATION)).isInstanceOfSatisfying(ChatInput.Invalid.class,
                invalid -> assertThat(invalid.reason()).contains("/help"));
    }

    @Test
    void groupCommandsWorkInAGroupConversationOnly() {
        UserId bob = UserId.fromPhone("+15551230002");
        UserId carol = UserId.fromPhone("+15551230003");
        assertThat(ChatInput.parse("/info", CONVERSATION, true)).isInstanceOf(ChatInput.GroupDetails.class);
        assertThat(ChatInput.parse("/leave", CONVERSATION, true)).isInstanceOf(ChatInput.LeaveGroup.class);
        assertThat(ChatInput.parse("/add +15551230002 +15551230003", CONVERSATION, true))
                .isEqualTo(new ChatInput.AddMembers(List.of(bob, carol)));
        assertThat(ChatInput.parse("/remove  +15551230002", CONVERSATION, true))
                .isEqualTo(new ChatInput.RemoveMembers(List.of(bob)));
        assertThat(ChatInput.parse("/add", CONVERSATION, true)).isInstanceOfSatisfying(ChatInput.Invalid.class,
                invalid -> assertThat(invalid.reason()).contains("/add +1555"));
        assertThat(ChatInput.parse("/add bob", CONVERSATION, true)).isInstanceOf(ChatInput.Invalid.class);
        assertThat(ChatInput.parse("/info", CONVERSATION, false)).isInstanceOfSatisfying(ChatInput.Invalid.class,
                invalid -> assertThat(invalid.reason()).contains("group conversation"));
        assertThat(ChatInput.parse("/leave", LIST)).isInstanceOf(ChatInput.Invalid.class);
    }

    @Test
    void retryInAConversationResendsAndIsNotAMessage() {
        assertThat(ChatInput.parse("/retry", CONVERSATION)).isInstanceOf(ChatInput.Retry.class);
        assertThat(ChatInput.parse("/retry", CONVERSATION, true)).isInstanceOf(ChatInput.Retry.class);
        assertThat(ChatInput.parse("//retry", CONVERSATION)).isEqualTo(new ChatInput.Send("/retry"));
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli.chat;

import io.switchboard.client.PresenceUpdate;
import io.switchboard.protocol.id.GroupId;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.switchboard.cli.chat.ChatModelTest.ALICE;
import static io.switchboard.cli.chat.ChatModelTest.BOB;
import static io.switchboard.cli.chat.ChatModelTest.T0;
import static org.assertj.core.api.Assertions.assertThat;

class ScreenTest {
    private static final ChatId WITH_BOB = ChatId.of(BOB);
    /** SGR: "ESC [ params m", every colour, bold, faint, inverse and reset. */
    private static final Pattern SGR = Pattern.compile("\u001b\\[[0-9;:]*m");
    private final Screen screen = new Screen(ChatGlyphs.UNICODE, ZoneOffset.UTC);
    private final ChatModel model = new ChatModel(ALICE);

    @Test
    void theListShowsTitlePreviewTimeAndUnreadCount() {
        model.setConversations(List.of(new Conversation(WITH_BOB, "+15551230002",
                Optional.of(incoming(1, "hi alice", false)), T0, 3)));
        List<String> rows = screen.render(model, 100, 30, T0).text();
        assertThat(rows.get(0)).startsWith(" Switchboard · +15551230001").endsWith("connecting… ");
        assertThat(rows.get(2)).contains(" > +15551230002").contains("hi alice").contains("10:00").contains("(3)");
        assertThat(rows).hasSize(30).allMatch(r -> r.length() <= 100);
    }

    @Test
    void outgoingMessagesAreRightAlignedWithTimeAndTicks() {
        openWithBob(outgoing(1, "clock", Tick.PENDING), outgoing(2, "one", Tick.SENT),
                outgoing(3, "two", Tick.DELIVERED));
        List<String> rows = screen.render(model, 60, 12, T0).text();
        assertThat(rows).contains(right("clock  10:00 ◷", 60), right("one  10:00 ✓", 60),
                right("two  10:00 ✓✓", 60));
    }

    @Test
    void aLongOutgoingMessageIsOneBlockAgainstTheRightEdge() {
        openWithBob(outgoing(1, "the quick brown fox jumps over the lazy dog", Tick.SENT));
        List<String> rows = screen.render(model, 40, 12, T0).text();  // text wraps at 22 columns
        String left = " ".repeat(40 - 1 - "the quick brown fox".length());
        assertThat(rows).containsSubsequence(left + "the quick brown fox", left + "jumps over the lazy",
                left + "dog  10:00 ✓");
    }

    @Test
    void readChecksAreBlueAndAsciiSpellsThemOut() {
        openWithBob(outgoing(1, "seen", Tick.READ));
        Frame frame = screen.render(model, 60, 12, T0);
        AttributedString row = frame.lines().stream().filter(l -> l.toString().contains("seen")).findFirst()
                .orElseThrow();
        AttributedStyle checks = row.styleAt(row.toString().indexOf("✓✓"));
        assertThat(checks).isEqualTo(AttributedStyle.BOLD.foreground(AttributedStyle.BLUE));
        assertThat(row.styleAt(row.toString().indexOf("seen"))).isEqualTo(AttributedStyle.DEFAULT);

        List<String> ascii = new Screen(ChatGlyphs.ASCII, ZoneOffset.UTC).render(model, 60, 12, T0).text();
        assertThat(ascii).contains(right("seen  10:00 [read]", 60));
    }

    @Test
    void incomingMessagesShowTimeFirstAndInAGroupTheSender() {
        openWithBob(incoming(1, "hi alice", false));
        assertThat(screen.render(model, 60, 12, T0).text()).contains(" 10:00  hi alice");

        ChatId climbing = ChatId.of(new GroupId("0123456789abcdef"));
        model.setConversations(List.of(new Conversation(climbing, "Climbing", Optional.empty(), T0, 0)));
        model.openChat(climbing);
        model.setOnline(true);
        model.setLines(List.of(
                new ChatMessage(1, climbing, ChatMessage.Kind.NOTE, false, BOB, Optional.of("n1"),
                        "+15551230002 created \"Climbing\" with you", T0, Tick.PENDING, true),
                new ChatMessage(2, climbing, ChatMessage.Kind.TEXT, false, BOB, Optional.of("7"), "ten?", T0,
                        Tick.PENDING, false)));
        List<String> rows = screen.render(model, 60, 12, T0).text();
        assertThat(rows.get(0)).startsWith(" ← Climbing").endsWith("group ");
        model.members(climbing, List.of(BOB, ALICE));
        assertThat(screen.render(model, 60, 12, T0).text().get(0)).endsWith(" you, +15551230002 ");
        assertThat(rows).contains(" 10:00  +15551230002: ten?")
                .anyMatch(r -> r.strip().equals("── +15551230002 created \"Climbing\" with you ──"));
    }

    @Test
    void onlyTheMessagesThatFitOnScreenAreVisible() {
        List<ChatMessage> many = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            many.add(incoming(i, "message " + i, false));
        }
        openWithBob(many.toArray(ChatMessage[]::new));
        Frame frame = screen.render(model, 60, 12, T0);  // 7 body rows
        assertThat(frame.visible()).extracting(ChatMessage::text)
                .containsExactly("message 14", "message 15", "message 16", "message 17", "message 18", "message 19",
                        "message 20");
        assertThat(frame.maxScroll()).isEqualTo(14);  // 20 messages and the day's separator, less 7 rows
    }

    @Test
    void onlyUnreadMessagesOnScreenInAnOpenConversationAreToBeMarkedRead() {
        model.setConversations(List.of(new Conversation(WITH_BOB, "+15551230002",
                Optional.of(incoming(1, "hi alice", false)), T0, 1)));
        assertThat(screen.render(model, 60, 12, T0).unreadShown()).as("the list's preview").isEmpty();

        List<ChatMessage> lines = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            lines.add(incoming(i, "message " + i, i <= 18));
        }
        openWithBob(lines.toArray(ChatMessage[]::new));
        model.scrollBy(5);  // the last two, the unread ones, are below the screen
        assertThat(screen.render(model, 60, 12, T0).unreadShown()).isEmpty();
        model.scrollBy(-5);
        assertThat(screen.render(model, 60, 12, T0).unreadShown()).extracting(ChatMessage::text)
                .containsExactly("message 19", "message 20");
    }

    @Test
    void theHeaderShowsTypingBeforePresence() {
        openWithBob();
        model.setOnline(true);
        model.presence(new PresenceUpdate(BOB, false, Optional.of(T0.minusSeconds(3600))));
        assertThat(screen.render(model, 60, 12, T0).text().get(0)).endsWith("last seen 09:00 ");
        model.typing(BOB, true, T0);
        assertThat(screen.render(model, 60, 12, T0).text().get(0)).startsWith(" ← +15551230002")
                .endsWith("typing… ");
    }

    @Test
    void helpListsEveryCommandAndKeyOnOneScreenInBothViews() {
        model.showPanel(screen.help());
        List<String> rows = screen.render(model, 80, 24, T0).text();
        for (String needed : List.of("Esc", "Enter", "Ctrl-C", "/quit", "/group", "/help", "/info", "/add",
                "/remove", "/leave", "/retry")) {
            assertThat(rows).as(needed).anyMatch(r -> r.contains(needed));
        }
        assertThat(rows.get(23)).contains("Esc close");
        openWithBob(incoming(1, "hi alice", false));
        model.showPanel(screen.help());
        assertThat(screen.render(model, 80, 24, T0).text()).anyMatch(r -> r.contains("/retry"))
                .noneMatch(r -> r.contains("hi alice"));
    }

    @Test
    void asciiSendsNoColourOrOtherStylesToTheTerminal() {
        model.setConversations(List.of(new Conversation(WITH_BOB, "+15551230002",
                Optional.of(incoming(1, "hi alice", false)), T0, 3)));
        model.setNotice("not sent: 404 not registered");
        assertThat(drawn(screen.render(model, 80, 12, T0))).as("unicode is styled").containsPattern(SGR);
        Screen ascii = new Screen(ChatGlyphs.ASCII, ZoneOffset.UTC);
        assertThat(drawn(ascii.render(model, 80, 12, T0))).doesNotContainPattern(SGR).contains("hi alice");
        openWithBob(outgoing(1, "seen", Tick.READ), outgoing(2, "lost", Tick.FAILED), incoming(3, "hm", false));
        model.setNotice("not sent: 404 not registered");
        assertThat(drawn(ascii.render(model, 80, 12, T0))).doesNotContainPattern(SGR).contains("[read]", "[!]");
    }

    /** The escape sequences a colour terminal is sent for {@code frame}'s rows (what the display writes). */
    private static String drawn(Frame frame) {
        return frame.lines().stream().map(AttributedString::toAnsi).collect(Collectors.joining("\n"));
    }

    @Test
    void onANarrowTerminalStatusLinesWrapOrEndInAnEllipsisButNeverCutAWord() {
        openWithBob(incoming(1, "hi alice", false));
        String sentence = "cannot add +15551230004: 403 only admins may add or remove members, and you are not one"
                + " of the admins of this group";
        model.setNotice(sentence);
        List<String> rows = screen.render(model, 30, 14, T0).text();
        assertThat(rows).hasSize(14).allMatch(r -> r.length() <= 30);
        List<String> footer = rows.subList(11, 14);
        assertThat(footer.get(0)).isEqualTo(" cannot add +15551230004: 403");
        assertThat(footer.get(2)).endsWith("…");
        List<String> words = List.of(sentence.split(" "));
        assertThat(String.join(" ", footer).replace("…", "").strip().split("\\s+"))
                .allMatch(words::contains);
        assertThat(rows.get(10)).startsWith("> ");  // the input line moved up for the notice

        model.setNotice("");
        String hints = screen.render(model, 30, 14, T0).text().get(13);
        assertThat(hints).endsWith("…");
        assertThat(hints.replace("…", "").strip().split("\\s+"))
                .allMatch(w -> List.of("Enter", "send", "·", "Esc", "back", "PgUp/PgDn", "scroll").contains(w));
    }

    @Test
    void whileThisUserIsOfflineTheHeaderDoesNotClaimThePeerIsOnlineOrTyping() {
        openWithBob();
        model.presence(new PresenceUpdate(BOB, true, Optional.empty()));
        model.typing(BOB, true, T0);
        model.setOnline(true);
        assertThat(screen.render(model, 60, 12, T0).text().get(0)).endsWith(" typing… ");
        model.setOnline(false);
        String header = screen.render(model, 60, 12, T0).text().get(0);
        assertThat(header).endsWith(" connecting… ").doesNotContain("online").doesNotContain("typing");

        model.presence(new PresenceUpdate(BOB, false, Optional.of(T0.minusSeconds(3600))));
        assertThat(screen.render(model, 60, 12, T0).text().get(0)).endsWith(" last seen 09:00 · connecting… ");
        model.setOnline(true);
        model.presence(new PresenceUpdate(BOB, true, Optional.empty()));
        assertThat(screen.render(model, 60, 12, T0).text().get(0)).endsWith(" online ");
    }

    @Test
    void aChatWithANumberNotOnSwitchboardSaysSoInTheHeaderOnlineOrNot() {
        openWithBob();
        model.setOnline(true);
        model.presence(new PresenceUpdate(BOB, false, Optional.empty()));
        model.notOnSwitchboard(BOB);
        List<String> rows = screen.render(model, 100, 12, T0).text();
        assertThat(rows.get(0)).startsWith(" ← +15551230002").endsWith(" not on Switchboard ");
        assertThat(rows.get(11)).contains("+15551230002 is not on Switchboard");
        model.setOnline(false);
        assertThat(screen.render(model, 100, 12, T0).text().get(0)).endsWith(" not on Switchboard ");
    }

    @Test
    void aLongMessageWrapsBetweenWords() {
        assertThat(ConversationView.wrap("the quick brown fox jumps", 10))
                .containsExactly("the quick", "brown fox", "jumps");
        assertThat(ConversationView.wrap("abcdefghijkl", 5)).containsExactly("abcde", "fghij", "kl");
    }

    private void openWithBob(ChatMessage... lines) {
        model.setConversations(List.of(new Conversation(WITH_BOB, "+15551230002", Optional.empty(), T0, 0)));
        model.openChat(WITH_BOB);
        model.setLines(List.of(lines));
    }

    private static ChatMessage outgoing(long localId, String text, Tick tick) {
        return new ChatMessage(localId, WITH_BOB, ChatMessage.Kind.TEXT, true, ALICE, Optional.of("" + localId),
                text, T0, tick, true);
    }

    private static ChatMessage incoming(long localId, String text, boolean seen) {
        return new ChatMessage(localId, WITH_BOB, ChatMessage.Kind.TEXT, false, BOB, Optional.of("" + localId),
                text, T0, Tick.PENDING, seen);
    }

    private static String right(String text, int width) {
        return " ".repeat(width - 1 - text.length()) + text;
    }

}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli.chat;

import io.switchboard.client.PresenceUpdate;
import io.switchboard.protocol.id.UserId;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Draws a {@link ChatModel} as rows of styled text: a header (who and what state), the chat list or the open
 * conversation, the input line and a line of hints or the current notice. Pure: the same model, size and clock
 * give the same frame, so it is tested without a terminal; {@link ChatTerminal} puts frames on the screen.
 */
public final class Screen {
    static final AttributedStyle HEADER = AttributedStyle.INVERSE;
    static final AttributedStyle DIM = AttributedStyle.DEFAULT.faint();
    static final AttributedStyle NOTICE = AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
    /** How many rows a notice may take: a server's sentence is kept whole where it can be, at the body's cost. */
    static final int NOTICE_ROWS = 3;

    private final ChatGlyphs glyphs;
    private final TimeLabels times;
    private final ChatListView list;
    private final ConversationView conversation;

    public Screen(ChatGlyphs glyphs, ZoneId zone) {
        this.glyphs = glyphs;
        this.times = new TimeLabels(zone);
        this.list = new ChatListView(glyphs, zone);
        this.conversation = new ConversationView(glyphs, zone);
    }

    /** The frame for {@code model} on a {@code cols} × {@code rows} terminal at {@code now}. */
    public Frame render(ChatModel model, int cols, int rows, Instant now) {
        int width = Math.max(cols, 20);
        List<AttributedString> footer = footer(model, width);
        int bodyHeight = Math.max(rows - 4 - footer.size(), 1);
        List<AttributedString> lines = new ArrayList<>();
        lines.add(header(model, width, now));
        lines.add(rule(width));
        List<ChatMessage> visible = List.of();
        int maxScroll = 0;
        if (!model.panel().isEmpty()) {
            lines.addAll(panel(model.panel(), bodyHeight));
        } else if (model.view() == ChatModel.View.LIST) {
            lines.addAll(list.render(model, width, bodyHeight, now));
        } else {
            ConversationView.Body body = conversation.render(model, width, bodyHeight);
            lines.addAll(body.rows());
            visible = body.visible();
            maxScroll = body.maxScroll();
        }
        lines.add(rule(width));
        int inputRow = lines.size();
        String prompt = "> ";
        String input = model.input();
        int room = width - prompt.length() - 1;
        int cursorCols = columns(input.substring(0, model.cursor()));
        int shift = Math.max(0, cursorCols - room);  // keep the cursor in view on a long line
        AttributedString shown = new AttributedString(input).columnSubSequence(shift, shift + room);
        lines.add(new AttributedStringBuilder().append(prompt, AttributedStyle.BOLD).append(shown).toAttributedString());
        lines.addAll(footer);
        List<AttributedString> shownLines = fit(lines, rows, width);
        if (!glyphs.styled()) {
            // Styles are dropped here, once, rather than in every view: no view can let a colour through.
            shownLines = shownLines.stream().map(l -> new AttributedString(l.toString())).toList();
        }
        return new Frame(shownLines, Math.min(inputRow, rows - 1), prompt.length() + cursorCols - shift,
                visible, maxScroll);
    }

    /** The {@code /help} panel's lines for these glyphs. */
    List<String> help() {
        return HelpText.lines(glyphs);
    }

    /** A panel from the top of the body; what does not fit is counted on its last row. */
    private List<AttributedString> panel(List<String> text, int height) {
        List<AttributedString> rows = new ArrayList<>();
        boolean fits = text.size() <= height;
        for (String line : text.subList(0, fits ? text.size() : height - 1)) {
            rows.add(new AttributedString(" " + line));
        }
        if (!fits) {
            rows.add(new AttributedString(" " + glyphs.ellipsis() + " " + (text.size() - height + 1)
                    + " more lines: make the terminal taller to see them", DIM));
        }
        while (rows.size() < height) {
            rows.add(AttributedString.EMPTY);
        }
        return rows;
    }

    private AttributedString header(ChatModel model, int width, Instant now) {
        String left;
        String right;
        if (model.view() == ChatModel.View.LIST) {
            left = " Switchboard " + glyphs.dot() + " " + model.me().phone();
            right = model.online() ? "online" : "connecting" + glyphs.ellipsis();
        } else {
            ChatId chat = model.open().orElseThrow();
            left = " " + glyphs.back() + " " + model.conversation(chat).map(Conversation::title)
                    .orElse(chat.defaultTitle());
            right = chat.isGroup() ? groupState(model, chat) : peerState(model, chat, now);
            if (!model.online()) {
                right = offlineState(chat, right, model, now);
            }
        }
        return new AttributedString(spread(left, right + " ", width), HEADER);
    }

    /** "you, +15551230002, +15551230003", or "group" until the server has listed them. */
    private static String groupState(ChatModel model, ChatId chat) {
        return model.membersOf(chat).map(members -> members.stream()
                .sorted(Comparator.comparing((UserId u) -> !u.equals(model.me())).thenComparing(UserId::phone))
                .map(u -> u.equals(model.me()) ? "you" : u.phone())
                .collect(Collectors.joining(", "))).orElse("group");
    }

    /**
     * The header while this user's own connection is down. Presence and typing are news from the server, and
     * none comes now: "online" or "typing…" could be long untrue, so neither is claimed. A last-seen time stays
     * true, and a group's members are the last list; either is followed by what is going on.
     */
    private String offlineState(ChatId chat, String state, ChatModel model, Instant now) {
        String connecting = "connecting" + glyphs.ellipsis();
        if (chat.isGroup()) {
            return state + " " + glyphs.dot() + " " + connecting;
        }
        if (!model.isOnSwitchboard(chat.user())) {
            return state;  // learnt from the server's keys, not from presence: still true
        }
        return model.presenceOf(chat.user()).filter(p -> !p.available()).flatMap(PresenceUpdate::lastSeen)
                .map(t -> "last seen " + times.when(t, now) + " " + glyphs.dot() + " " + connecting)
                .orElse(connecting);
    }

    private String peerState(ChatModel model, ChatId chat, Instant now) {
        if (!model.isOnSwitchboard(chat.user())) {
            return "not on Switchboard";
        }
        if (model.isTyping(chat.user(), now)) {
            return "typing" + glyphs.ellipsis();
        }
        PresenceUpdate presence = model.presenceOf(chat.user()).orElse(null);
        if (presence == null) {
            return "";
        }
        if (presence.available()) {
            return "online";
        }
        return presence.lastSeen().map(t -> "last seen " + times.when(t, now)).orElse("");
    }

    private List<AttributedString> footer(ChatModel model, int width) {
        if (!model.notice().isEmpty()) {
            return StatusLine.fit(model.notice(), width - 1, NOTICE_ROWS, glyphs.ellipsis()).stream()
                    .map(row -> new AttributedString(" " + row, NOTICE)).toList();
        }
        String dot = " " + glyphs.dot() + " ";
        String hints;
        if (!model.panel().isEmpty()) {
            hints = "Esc close" + dot + "/quit";
        } else if (model.view() == ChatModel.View.LIST) {
            hints = "Enter open" + dot + "+NUMBER new chat" + dot + "/group SUBJECT +NUMBER" + glyphs.ellipsis() + dot
                    + "Up/Down/Tab move" + dot + "/help" + dot + "/quit";
        } else {
            hints = "Enter send" + dot + "Esc back" + dot + "PgUp/PgDn scroll" + dot + "/help" + dot + "/quit";
        }
        return List.of(new AttributedString(" " + StatusLine.truncate(hints, width - 1, glyphs.ellipsis()), DIM));
    }

    private AttributedString rule(int width) {
        return new AttributedString(glyphs.rule().repeat(width), DIM);
    }

    /**
     * {@code left} and {@code right} at either end of a {@code width}-column line; when both do not fit, the left
     * (a title) gives way, by whole words, to the state on the right.
     */
    String spread(String left, String right, int width) {
        int gap = width - columns(left) - columns(right);
        if (gap >= 1) {
            return left + " ".repeat(gap) + right;
        }
        int room = width - columns(right) - 1;
        if (room < 8) {
            return StatusLine.truncate(left + " " + right, width, glyphs.ellipsis());
        }
        String title = StatusLine.truncate(left, room, glyphs.ellipsis());
        return title + " ".repeat(width - columns(title) - columns(right)) + right;
    }

    static int columns(String text) {
        return new AttributedString(text).columnLength();
    }

    /** Exactly {@code rows} rows (the views fill the body to its height), none wider than {@code width}. */
    private static List<AttributedString> fit(List<AttributedString> lines, int rows, int width) {
        List<AttributedString> out = new ArrayList<>();
        for (int i = 0; i < lines.size() && out.size() < rows; i++) {
            AttributedString line = lines.get(i);
            out.add(line.columnLength() > width ? line.columnSubSequence(0, width) : line);
        }
        while (out.size() < rows) {
            out.add(AttributedString.EMPTY);
        }
        return out;
    }
}

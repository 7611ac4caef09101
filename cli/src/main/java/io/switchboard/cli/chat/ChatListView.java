// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli.chat;

import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The chat list's rows: one per conversation, most recent first, with its title, its latest line (with checks if
 * this user sent it), the time and the unread count; the selected one highlighted and kept in view.
 */
final class ChatListView {
    private static final AttributedStyle SELECTED = AttributedStyle.BOLD.inverse();
    private static final AttributedStyle UNREAD = AttributedStyle.BOLD.foreground(AttributedStyle.GREEN);

    private final TickStyle ticks;
    private final TimeLabels times;

    ChatListView(ChatGlyphs glyphs, ZoneId zone) {
        this.ticks = new TickStyle(glyphs);
        this.times = new TimeLabels(zone);
    }

    List<AttributedString> render(ChatModel model, int width, int height, Instant now) {
        List<AttributedString> rows = new ArrayList<>();
        List<Conversation> all = model.conversations();
        if (all.isEmpty()) {
            rows.add(AttributedString.EMPTY);
            rows.add(new AttributedString("  No chats yet. Type a phone number such as +15551230002 and press Enter"
                    + " to start one.", Screen.DIM));
        }
        int first = Math.max(0, model.selected() - height + 1);
        for (int i = first; i < all.size() && rows.size() < height; i++) {
            rows.add(row(all.get(i), i == model.selected(), width, now));
        }
        while (rows.size() < height) {
            rows.add(AttributedString.EMPTY);
        }
        return rows;
    }

    private AttributedString row(Conversation c, boolean selected, int width, Instant now) {
        int titleWidth = Math.min(24, width / 4);
        String time = c.last().map(m -> times.when(m.time(), now)).orElse("");
        String badge = c.unread() > 0 ? "(" + c.unread() + ")" : "";
        AttributedStringBuilder line = new AttributedStringBuilder();
        line.append(selected ? " > " : "   ");
        line.append(pad(c.title(), titleWidth), selected ? SELECTED : AttributedStyle.BOLD);
        line.append("  ");
        int previewWidth = Math.max(0, width - line.columnLength() - 2 - 12 - 6);
        line.append(pad(preview(c), previewWidth).columnSubSequence(0, previewWidth));
        line.append("  ");
        line.append(String.format("%12s", time), Screen.DIM);
        line.append(String.format(" %-5s", badge), UNREAD);
        return line.toAttributedString();
    }

    private AttributedString preview(Conversation c) {
        AttributedStringBuilder out = new AttributedStringBuilder();
        if (c.last().isEmpty()) {
            return out.append("new chat", Screen.DIM).toAttributedString();
        }
        ChatMessage last = c.last().get();
        if (last.kind() == ChatMessage.Kind.NOTE) {
            return out.append(last.text(), Screen.DIM).toAttributedString();
        }
        if (last.outgoing()) {
            out.append(ticks.of(last.tick())).append(" ");
        } else if (c.chat().isGroup()) {
            out.append(last.sender().phone() + ": ", AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN));
        }
        return out.append(oneLine(last.text())).toAttributedString();
    }

    static String oneLine(String text) {
        return text.replaceAll("\\s+", " ");
    }

    private static AttributedString pad(String text, int width) {
        return pad(new AttributedString(text), width);
    }

    private static AttributedString pad(AttributedString text, int width) {
        if (text.columnLength() >= width) {
            return text.columnSubSequence(0, width);
        }
        return new AttributedStringBuilder().append(text).append(" ".repeat(width - text.columnLength()))
                .toAttributedString();
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli.chat;

import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The open conversation's rows, anchored to the bottom like a phone's: incoming messages on the left after their
 * time (in a group, after the sender too), this user's on the right followed by time and checks, group changes
 * and day changes centred. Long messages wrap at three quarters of the width. Also says which messages are on
 * screen, since only those may be marked read.
 */
final class ConversationView {
    private static final AttributedStyle SENDER = AttributedStyle.BOLD.foreground(AttributedStyle.CYAN);
    private static final int MARGIN = 1;

    /** The rows to draw, the lines at least partly among them, and how far up there is still to scroll. */
    record Body(List<AttributedString> rows, List<ChatMessage> visible, int maxScroll) {
    }

    private record Row(AttributedString text, ChatMessage owner) {
    }

    private final ChatGlyphs glyphs;
    private final TickStyle ticks;
    private final TimeLabels times;

    ConversationView(ChatGlyphs glyphs, ZoneId zone) {
        this.glyphs = glyphs;
        this.ticks = new TickStyle(glyphs);
        this.times = new TimeLabels(zone);
    }

    Body render(ChatModel model, int width, int height) {
        List<Row> all = new ArrayList<>();
        ChatMessage previous = null;
        boolean group = model.open().map(ChatId::isGroup).orElse(false);
        for (ChatMessage line : model.lines()) {
            if (previous == null || !times.isSameDay(previous.time(), line.time())) {
                all.add(new Row(centred(times.day(line.time()), width), null));
            }
            addRows(all, line, group, width);
            previous = line;
        }
        int maxScroll = Math.max(0, all.size() - height);
        int end = all.size() - Math.min(model.scroll(), maxScroll);
        int start = Math.max(0, end - height);
        List<AttributedString> rows = new ArrayList<>();
        for (int i = 0; i < height - (end - start); i++) {
            rows.add(AttributedString.EMPTY);
        }
        Set<ChatMessage> visible = new LinkedHashSet<>();
        for (Row row : all.subList(start, end)) {
            rows.add(row.text());
            if (row.owner() != null) {
                visible.add(row.owner());
            }
        }
        return new Body(rows, List.copyOf(visible), maxScroll);
    }

    private void addRows(List<Row> out, ChatMessage line, boolean group, int width) {
        int textWidth = Math.max(10, width * 3 / 4 - 8);
        if (line.kind() == ChatMessage.Kind.NOTE) {
            // A note is not a bubble: it may use the whole width, less its frame.
            for (String part : wrap(line.text(), Math.max(10, width - 8))) {
                out.add(new Row(centred(part, width), line));
            }
            return;
        }
        String time = times.hour(line.time());
        List<String> parts = wrap(line.text(), textWidth);
        if (line.outgoing()) {
            // One block against the right edge, its rows left-aligned inside it, the last ending in time and checks.
            List<AttributedString> block = new ArrayList<>();
            for (int i = 0; i < parts.size(); i++) {
                AttributedStringBuilder row = new AttributedStringBuilder().append(parts.get(i));
                if (i == parts.size() - 1) {
                    row.append("  ").append(time, Screen.DIM).append(" ").append(ticks.of(line.tick()));
                }
                block.add(row.toAttributedString());
            }
            int blockWidth = block.stream().mapToInt(AttributedString::columnLength).max().orElse(0);
            int left = Math.max(0, width - MARGIN - blockWidth);
            for (AttributedString row : block) {
                out.add(new Row(new AttributedStringBuilder().append(" ".repeat(left)).append(row)
                        .toAttributedString(), line));
            }
            return;
        }
        String indent = " ".repeat(MARGIN + time.length() + 2);
        for (int i = 0; i < parts.size(); i++) {
            AttributedStringBuilder row = new AttributedStringBuilder();
            if (i == 0) {
                row.append(" ".repeat(MARGIN)).append(time, Screen.DIM).append("  ");
                if (group) {
                    row.append(line.sender().phone(), SENDER).append(": ");
                }
            } else {
                row.append(indent);
            }
            out.add(new Row(row.append(parts.get(i)).toAttributedString(), line));
        }
    }

    private AttributedString centred(String text, int width) {
        String framed = glyphs.rule().repeat(2) + " " + text + " " + glyphs.rule().repeat(2);
        int left = Math.max(0, (width - Screen.columns(framed)) / 2);
        return new AttributedString(" ".repeat(left) + framed, Screen.DIM);
    }

    /** {@code text} in rows of at most {@code width} columns, broken between words where it can be. */
    static List<String> wrap(String text, int width) {
        List<String> rows = new ArrayList<>();
        for (String paragraph : text.split("\n", -1)) {
            StringBuilder row = new StringBuilder();
            for (String word : paragraph.split(" ")) {
                while (Screen.columns(word) > width) {
                    if (row.length() > 0) {
                        rows.add(row.toString());
                        row.setLength(0);
                    }
                    String head = new AttributedString(word).columnSubSequence(0, width).toString();
                    rows.add(head);
                    word = word.substring(head.length());
                }
                int needed = Screen.columns(row.toString()) + (row.length() > 0 ? 1 : 0) + Screen.columns(word);
                if (needed > width && row.length() > 0) {
                    rows.add(row.toString());
                    row.setLength(0);
                }
                if (row.length() > 0) {
                    row.append(' ');
                }
                row.append(word);
            }
            rows.add(row.toString());
        }
        return rows;
    }
}

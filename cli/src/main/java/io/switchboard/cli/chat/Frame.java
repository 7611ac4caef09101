// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli.chat;

import org.jline.utils.AttributedString;

import java.util.List;

/**
 * One drawn screen.
 *
 * @param lines     exactly the screen's rows, each at most its width
 * @param cursorRow where the cursor goes (the input line)
 * @param cursorCol its column
 * @param visible   the conversation lines at least partly on screen (none in the chat list)
 * @param maxScroll how far the open conversation can scroll up
 */
public record Frame(List<AttributedString> lines, int cursorRow, int cursorCol, List<ChatMessage> visible,
        int maxScroll) {

    public Frame {
        lines = List.copyOf(lines);
        visible = List.copyOf(visible);
    }

    /**
     * The incoming messages this frame shows that were not shown before: the only ones a read receipt may go for.
     * Empty for the chat list, whose previews do not count as reading.
     */
    public List<ChatMessage> unreadShown() {
        return visible.stream().filter(ChatMessage::unread).toList();
    }

    /** The rows as plain text, without styles: what a test compares. */
    public List<String> text() {
        return lines.stream().map(AttributedString::toString).toList();
    }
}

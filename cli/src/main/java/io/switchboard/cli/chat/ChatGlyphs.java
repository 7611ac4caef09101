// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli.chat;

import java.io.Console;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The marks the chat draws, and whether it may style them. With Unicode, read messages show the same two checks as
 * delivered ones, in blue, as WhatsApp does; ASCII terminals may have no colour (or show escape codes as text), so
 * there every state has its own word and nothing is styled: no colour, bold, faint or inverse.
 *
 * @param pending   not yet on the server (queued, or offline): a clock
 * @param sent      one check: stored on the server
 * @param delivered two checks: on the recipient's device
 * @param read      two checks drawn in blue: read
 * @param failed    refused by the server
 * @param rule      the character separator lines are made of
 * @param back      before a conversation's title: Esc goes back
 * @param ellipsis  after "typing"
 * @param dot       between parts of a line
 * @param styled    whether lines may carry styles (SGR escapes); without, the marks and layout alone tell states
 *                  apart
 */
public record ChatGlyphs(String pending, String sent, String delivered, String read, String failed, String rule,
        String back, String ellipsis, String dot, boolean styled) {
    public static final ChatGlyphs UNICODE = new ChatGlyphs("◷", "✓", "✓✓", "✓✓", "✗", "─", "←", "…", "·", true);
    public static final ChatGlyphs ASCII = new ChatGlyphs("[..]", "[v]", "[vv]", "[read]", "[!]", "-", "<", "...",
            "-", false);

    /** Unicode when the console (or, without one, the default charset) is UTF-8. */
    public static ChatGlyphs forTerminal() {
        Console console = System.console();
        Charset charset = console != null ? console.charset() : Charset.defaultCharset();
        return StandardCharsets.UTF_8.equals(charset) ? UNICODE : ASCII;
    }

    /** The mark for {@code tick}. */
    public String of(Tick tick) {
        return switch (tick) {
            case PENDING -> pending;
            case SENT -> sent;
            case DELIVERED -> delivered;
            case READ -> read;
            case FAILED -> failed;
        };
    }
}

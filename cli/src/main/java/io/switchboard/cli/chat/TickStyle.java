// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli.chat;

import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;

/** A message's checks as drawn: faint while pending, blue once read, red if refused. */
final class TickStyle {
    private final ChatGlyphs glyphs;

    TickStyle(ChatGlyphs glyphs) {
        this.glyphs = glyphs;
    }

    AttributedString of(Tick tick) {
        AttributedStyle style = switch (tick) {
            case PENDING -> Screen.DIM;
            case SENT, DELIVERED -> AttributedStyle.DEFAULT;
            case READ -> AttributedStyle.BOLD.foreground(AttributedStyle.BLUE);
            case FAILED -> AttributedStyle.BOLD.foreground(AttributedStyle.RED);
        };
        return new AttributedString(glyphs.of(tick), style);
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli.chat;

import org.jline.utils.AttributedString;

import java.util.ArrayList;
import java.util.List;

/**
 * Fits a status text (a notice, the hints, the header's title) into a few rows of the terminal's width: wrapped
 * between words, and where even that does not fit, cut after the last whole word that does, with an ellipsis. A
 * cut word reads as a different one ("not an adm"); only a single word wider than a whole row is split.
 */
final class StatusLine {
    private StatusLine() {
    }

    /** {@code text} in at most {@code maxRows} rows of at most {@code width} columns. */
    static List<String> fit(String text, int width, int maxRows, String ellipsis) {
        List<String> rows = ConversationView.wrap(ChatListView.oneLine(text).strip(), width);
        if (rows.size() <= maxRows) {
            return rows;
        }
        List<String> out = new ArrayList<>(rows.subList(0, maxRows - 1));
        out.add(truncate(String.join(" ", rows.subList(maxRows - 1, rows.size())), width, ellipsis));
        return out;
    }

    /** {@code text} if it fits in {@code width} columns, otherwise its longest run of whole words and an ellipsis. */
    static String truncate(String text, int width, String ellipsis) {
        if (Screen.columns(text) <= width) {
            return text;
        }
        int room = Math.max(0, width - Screen.columns(ellipsis));
        String head = new AttributedString(text).columnSubSequence(0, room + 1).toString();
        int space = head.lastIndexOf(' ');
        String kept = space > 0 ? head.substring(0, space) : head.substring(0, Math.min(head.length(), room));
        return kept.stripTrailing() + ellipsis;
    }
}

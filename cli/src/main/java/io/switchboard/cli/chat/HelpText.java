// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli.chat;

import java.util.List;

/**
 * What {@code /help} shows: every key and command, in one screen (the shortest terminal the chat draws on has room
 * for about twenty rows, so this stays under that). Kept next to {@link ChatInput} and {@link KeyBindings}: a
 * command or key added there is added here.
 */
final class HelpText {
    private HelpText() {
    }

    static List<String> lines(ChatGlyphs glyphs) {
        String more = glyphs.ellipsis();
        return List.of(
                "Keys",
                "  Enter             open the selected chat; in a conversation, send the line",
                "  Esc               back to the chat list; closes this help",
                "  Up/Down, Tab      move in the list; scroll a conversation",
                "  PgUp/PgDn         scroll a conversation by a page",
                "  Ctrl-C, Ctrl-D    quit",
                "In the chat list",
                "  +NUMBER           open or start a chat, e.g. +15551230002",
                "  /group SUBJECT +NUMBER" + more + "  create a group",
                "In a conversation",
                "  /retry            send this chat's failed " + glyphs.failed() + " messages again",
                "  //text            send a line that starts with /",
                "In a group",
                "  /info             subject, members and admins",
                "  /add +NUMBER" + more + "     add members (admins only)",
                "  /remove +NUMBER" + more + "  remove members (admins only)",
                "  /leave            leave the group",
                "Anywhere",
                "  /help             this screen;  /quit  quit");
    }
}

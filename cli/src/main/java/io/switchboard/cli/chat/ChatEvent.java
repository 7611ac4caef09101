// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli.chat;

import io.switchboard.client.PresenceUpdate;
import io.switchboard.client.TypingUpdate;
import io.switchboard.protocol.id.UserId;

import java.util.List;

/**
 * What reaches the chat's UI thread: key presses from the terminal's reader, and news from the SDK's event loop
 * (already written to the history when it is history). One queue, one thread, so the model needs no locks.
 */
sealed interface ChatEvent {

    record KeyPressed(KeyBindings.Key key, String text) implements ChatEvent {
    }

    /** The history changed (a message, a receipt, an ack, a group change): reload what is shown. */
    record HistoryChanged() implements ChatEvent {
    }

    record Typing(TypingUpdate update) implements ChatEvent {
    }

    record Presence(PresenceUpdate update) implements ChatEvent {
    }

    /** A group's members as the server listed them (for the header). */
    record Members(ChatId group, List<UserId> members) implements ChatEvent {
        public Members {
            members = List.copyOf(members);
        }
    }

    /** A group changed (members, subject): its header may need the new members. */
    record GroupChanged(ChatId group) implements ChatEvent {
    }

    /** Open this chat (a group just created). */
    record Open(ChatId chat) implements ChatEvent {
    }

    /** The server has no keys for this number: it never registered, and a message to it would be refused. */
    record NotOnSwitchboard(UserId user) implements ChatEvent {
    }

    /** Show these lines over the body (a group's details) until the user goes on. */
    record Panel(List<String> lines) implements ChatEvent {
        public Panel {
            lines = List.copyOf(lines);
        }
    }

    /** Show this line at the bottom. */
    record Notice(String text) implements ChatEvent {
    }

    /** The terminal changed size. */
    record Resized() implements ChatEvent {
    }

    /** Leave: Ctrl-C, or the terminal went away. */
    record Quit() implements ChatEvent {
    }
}

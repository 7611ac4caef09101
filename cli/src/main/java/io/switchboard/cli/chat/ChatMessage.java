// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli.chat;

import io.switchboard.protocol.id.UserId;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of a conversation as the history holds it.
 *
 * @param localId  the history's row number: the order lines were written in, and the key before the server's id
 *                 is known
 * @param chat     the conversation
 * @param kind     a chat message, or a group notification ("alice added bob")
 * @param outgoing whether this user sent it
 * @param sender   who sent it (this user for outgoing lines; for a notification, who made the change)
 * @param id       the sender's message id; empty while an outgoing message awaits its ack (the SDK picks it then)
 * @param text     the body, or the notification's description
 * @param time     the server's time once known; for an unsent message, when it was typed
 * @param tick     for outgoing messages, how far it has got; {@link Tick#PENDING} for other lines
 * @param seen     for incoming messages, whether it was shown in an open conversation (and a read receipt sent)
 */
public record ChatMessage(long localId, ChatId chat, Kind kind, boolean outgoing, UserId sender, Optional<String> id,
        String text, Instant time, Tick tick, boolean seen) {

    public ChatMessage {
        Objects.requireNonNull(chat, "chat");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(tick, "tick");
    }

    /** Whether it counts as unread: an incoming message not yet shown. */
    public boolean unread() {
        return kind == Kind.TEXT && !outgoing && !seen;
    }

    /** The line kinds; the codes are what {@link HistoryStore} writes. */
    public enum Kind {
        TEXT(0), NOTE(1);

        private final int code;

        Kind(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        public static Kind fromCode(int code) {
            return code == NOTE.code ? NOTE : TEXT;
        }
    }
}

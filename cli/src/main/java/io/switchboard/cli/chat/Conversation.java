// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli.chat;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of the chat list.
 *
 * @param chat         the conversation
 * @param title        the peer's number or the group's subject
 * @param last         its latest line, if it has one (a new chat has none yet)
 * @param lastActivity when something last happened in it: the latest line, or when it was started
 * @param unread       incoming messages not yet shown
 */
public record Conversation(ChatId chat, String title, Optional<ChatMessage> last, Instant lastActivity, int unread) {

    public Conversation {
        Objects.requireNonNull(chat, "chat");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(last, "last");
        Objects.requireNonNull(lastActivity, "lastActivity");
    }
}

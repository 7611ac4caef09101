// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli.chat;

import io.switchboard.protocol.id.GroupId;
import io.switchboard.protocol.id.UserId;

import java.util.Objects;

/**
 * One conversation: with a user, or in a group; its address ({@code 15551230002@s.switchboard} or
 * {@code 1a2b…@g.switchboard}) is its key in the history.
 */
public record ChatId(String address) {

    public ChatId {
        Objects.requireNonNull(address, "address");
        if (!GroupId.isGroupAddress(address)) {
            UserId.fromAddress(address); // refuses anything that is neither
        }
    }

    public static ChatId of(UserId user) {
        return new ChatId(user.address());
    }

    public static ChatId of(GroupId group) {
        return new ChatId(group.address());
    }

    public boolean isGroup() {
        return GroupId.isGroupAddress(address);
    }

    /** The peer of a 1:1 chat. */
    public UserId user() {
        return UserId.fromAddress(address);
    }

    /** The group of a group chat. */
    public GroupId group() {
        return GroupId.fromAddress(address);
    }

    /** What the chat list shows before a group's subject is known: the phone number, or the group id. */
    public String defaultTitle() {
        return isGroup() ? "group " + group().value() : user().phone();
    }
}

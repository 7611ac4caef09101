// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli.chat;

import io.switchboard.client.GroupNotification;
import io.switchboard.protocol.id.UserId;

import java.util.List;
import java.util.stream.Collectors;

/** A group change as one line of the conversation: "+15551230001 added +15551230003", "you left". */
final class GroupNotes {

    private GroupNotes() {
    }

    static String describe(GroupNotification n, UserId me) {
        String actor = name(n.actor(), me);
        String who = names(n.participants(), me);
        return switch (n.kind()) {
            case CREATE -> actor + " created \"" + n.subject().orElse("") + "\"" + (who.isEmpty() ? "" : " with " + who);
            case ADD -> actor + " added " + who;
            case REMOVE -> actor + " removed " + who;
            case PROMOTE -> actor + " made " + who + " admin";
            case DEMOTE -> actor + " made " + who + " a plain member";
            case LEAVE -> actor + " left";
            case JOIN -> actor + " joined with an invite link";
            case SUBJECT -> actor + " renamed the group \"" + n.subject().orElse("") + "\"";
            case DESCRIPTION -> actor + (n.description().filter(d -> !d.isEmpty()).isPresent()
                    ? " changed the description" : " cleared the description");
            case SETTINGS -> actor + (n.announceOnly().orElse(false) ? " let only admins send"
                    : " let everyone send");
        };
    }

    private static String names(List<UserId> users, UserId me) {
        return users.stream().map(u -> name(u, me)).collect(Collectors.joining(", "));
    }

    private static String name(UserId user, UserId me) {
        return user.equals(me) ? "you" : user.phone();
    }
}

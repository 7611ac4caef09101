// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import io.switchboard.protocol.id.GroupId;
import io.switchboard.protocol.id.UserId;
import java.util.Objects;

/**
 * A group's metadata row, saved whole on every change.
 *
 * @param id           the group
 * @param subject      its name, at most 100 characters
 * @param description  at most 512 characters, empty for none
 * @param creator      who created it
 * @param createdAt    epoch millis
 * @param announceOnly whether only admins may send messages
 * @param inviteCode   the current invite link's token (unguessable, revocable), empty when none was made
 */
public record GroupInfo(GroupId id, String subject, String description, UserId creator, long createdAt,
        boolean announceOnly, String inviteCode) {

    public GroupInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(creator, "creator");
        Objects.requireNonNull(inviteCode, "inviteCode");
    }

    public GroupInfo withSubject(String newSubject) {
        return new GroupInfo(id, newSubject, description, creator, createdAt, announceOnly, inviteCode);
    }

    public GroupInfo withDescription(String newDescription) {
        return new GroupInfo(id, subject, newDescription, creator, createdAt, announceOnly, inviteCode);
    }

    public GroupInfo withAnnounceOnly(boolean newAnnounceOnly) {
        return new GroupInfo(id, subject, description, creator, createdAt, newAnnounceOnly, inviteCode);
    }

    public GroupInfo withInviteCode(String newInviteCode) {
        return new GroupInfo(id, subject, description, creator, createdAt, announceOnly, newInviteCode);
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import io.switchboard.protocol.id.GroupId;
import java.util.Objects;

/**
 * One group a user is a member of now, as {@code <list/>} shows it (PROTOCOL.md §13.1): enough to recognise the
 * group and act on it, without loading the group's entity.
 *
 * @param group   the group
 * @param subject its name
 * @param members how many current members it has, admins included
 * @param role    the user's role in it
 */
public record GroupListing(GroupId group, String subject, int members, GroupRole role) {

    public GroupListing {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(role, "role");
    }
}

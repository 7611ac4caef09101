// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import io.switchboard.protocol.id.GroupId;

import java.util.Objects;

/**
 * One group this user is a member of, as the server listed it (PROTOCOL.md §13.1): a snapshot, enough to find a
 * group's id; {@link SwitchboardClient#groupInfo} has the rest.
 *
 * @param id      the group
 * @param subject its name
 * @param members how many members it has now, admins included
 * @param admin   whether this user is one of its admins
 */
public record GroupSummary(GroupId id, String subject, int members, boolean admin) {

    public GroupSummary {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(subject, "subject");
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import java.util.List;
import java.util.Objects;

/**
 * A group as stored: what its entity loads when it starts.
 *
 * @param info    the metadata row
 * @param members every member row, current and former (removed members whose last notification is not yet acked)
 * @param lastSeq the highest seq ever appended to the group's log
 */
public record GroupSnapshot(GroupInfo info, List<GroupMember> members, long lastSeq) {

    public GroupSnapshot {
        Objects.requireNonNull(info, "info");
        members = List.copyOf(members);
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import java.util.List;
import java.util.Objects;

/**
 * What a notification changes, written in the same transaction as the notification's log entry: the group's
 * metadata row, saved whole, and the member rows that changed (added, promoted, demoted, or removed, which sets
 * {@code untilSeq}), each saved whole by (group, user).
 */
public record GroupChange(GroupInfo info, List<GroupMember> members) {

    public GroupChange {
        Objects.requireNonNull(info, "info");
        members = List.copyOf(members);
    }
}

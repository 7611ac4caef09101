// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import io.switchboard.protocol.id.GroupId;
import java.util.Objects;

/**
 * One group a user receives from, as its user entity sees it when the user's first session attaches: the entries
 * after {@code deliveredSeq} up to {@code untilSeq} are still to be pushed.
 */
public record GroupMembership(GroupId group, long joinedSeq, long deliveredSeq, long untilSeq) {

    public GroupMembership {
        Objects.requireNonNull(group, "group");
    }
}

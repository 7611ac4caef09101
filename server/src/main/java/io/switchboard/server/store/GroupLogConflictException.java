// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import io.switchboard.protocol.id.GroupId;

/**
 * A group append stored nothing because its group has no row or its seq holds another entry already: the caller's
 * view of the group is stale. Only this write fails; the rest of its round commits. Reload the group (its last
 * seq) before appending again.
 */
public final class GroupLogConflictException extends IllegalStateException {

    public GroupLogConflictException(GroupId group, long seq) {
        super("group " + group + " has no row or its seq " + seq + " holds another entry; nothing was stored."
                + " Reload the group and append at the seq after its last seq");
    }
}

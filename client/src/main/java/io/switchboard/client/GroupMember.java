// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import io.switchboard.protocol.id.UserId;

import java.util.Objects;

/**
 * One member of a group, as the server listed it.
 *
 * @param user  the member
 * @param admin whether it may change the group (add, remove, promote, subject, settings, invite code)
 */
public record GroupMember(UserId user, boolean admin) {

    public GroupMember {
        Objects.requireNonNull(user, "user");
    }
}

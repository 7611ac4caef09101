// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import io.switchboard.protocol.id.UserId;
import java.util.Objects;

/** How far a group's log has reached one member: delivered (acked by its client) and read, each "up to seq". */
public record MemberCursor(UserId user, long deliveredSeq, long readSeq) {

    public MemberCursor {
        Objects.requireNonNull(user, "user");
    }
}

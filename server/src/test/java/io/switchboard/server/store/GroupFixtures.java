// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import io.switchboard.protocol.id.GroupId;
import io.switchboard.protocol.id.MessageId;
import io.switchboard.protocol.id.UserId;
import java.nio.charset.StandardCharsets;

/** Group rows and log entries for the group store tests. */
final class GroupFixtures {

    private GroupFixtures() {
    }

    static GroupInfo info(GroupId group, UserId creator) {
        return new GroupInfo(group, "Climbing", "", creator, 1_732_700_000_000L, false, "");
    }

    /** A member's message at {@code seq}, with "body of id" as its payload. */
    static GroupLogEntry message(GroupId group, long seq, UserId sender, String id, long serverTime) {
        return new GroupLogEntry(group, seq, GroupEntryKind.MESSAGE, sender, new MessageId(id), serverTime,
                ("body of " + id).getBytes(StandardCharsets.UTF_8));
    }

    /** A notification at {@code seq}, with the protocol's id {@code n<seq in hex>}. */
    static GroupLogEntry notification(GroupId group, long seq, UserId by, long serverTime) {
        MessageId id = new MessageId("n" + Long.toHexString(seq));
        byte[] node = ("<change " + seq + "/>").getBytes(StandardCharsets.UTF_8);
        return new GroupLogEntry(group, seq, GroupEntryKind.NOTIFICATION, by, id, serverTime, node);
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import io.switchboard.protocol.id.UserId;

import java.util.Objects;

/**
 * How far one of my group messages got with one member (PROTOCOL.md §13.4): the per-member detail behind the
 * group's single delivery and read receipts.
 *
 * @param member a member other than the sender who was in the group when the message was sent
 * @param state  not yet received, received, or read
 */
public record MemberReceipt(UserId member, State state) {

    public MemberReceipt {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(state, "state");
    }

    /** The furthest a message got with one member. */
    public enum State {
        /** Not yet on the member's device. */
        NONE,
        /** On the member's device, not read. */
        DELIVERED,
        /** Read. */
        READ
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.session;

import io.switchboard.protocol.id.UserId;
import io.switchboard.server.store.GroupLogEntry;
import io.switchboard.server.store.MailboxEntry;

/**
 * What the node's {@link Gateway} may do with one logged-in connection. Implemented by the session that lives in
 * the connection's channel handler; every method may be called from any thread and hops onto the channel's event
 * loop itself, so the session's state stays confined to it.
 */
public interface SessionPort {

    /** Unique on this node for the life of the process. */
    long sessionId();

    UserId user();

    int deviceId();

    /** Writes a queued message or receipt to the client; the client's ack comes back through the user entity. */
    void push(MailboxEntry entry);

    /** Writes a group's message or notification to the client; its ack comes back through the user entity. */
    void pushGroup(GroupLogEntry entry);

    /** Tells the client that {@code user} is online or not; {@code lastSeen} epoch millis, 0 when hidden. */
    void pushPresence(UserId user, boolean available, long lastSeen);

    /** Tells the client that {@code from} is typing to it ({@code composing}) or stopped. */
    void pushTyping(UserId from, boolean composing);

    /** Tells the client that all {@code count} entries stored for it while it was away have been pushed. */
    void backlogDelivered(int count);

    /** The same account and device logged in again elsewhere: tell the client and close this connection. */
    void replaced();
}

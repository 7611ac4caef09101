// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.limits;

import io.switchboard.protocol.id.UserId;

import java.time.Clock;

/**
 * The node's per-account limiters, one {@link KeyedLimiter} per kind of work, shared by all its sessions: an
 * account's budget is the same on its first connection and its hundredth reconnect. Per node: a client that moves
 * to another node of a cluster starts with a full bucket there, which bounds it to (nodes × rate).
 */
public final class AccountLimits {
    private final KeyedLimiter<UserId> messages;
    private final KeyedLimiter<UserId> bundleFetches;
    private final KeyedLimiter<UserId> groupRequests;
    private final KeyedLimiter<UserId> typing;

    public AccountLimits(LimitSettings settings, Clock clock) {
        this.messages = new KeyedLimiter<>(settings.messages(), settings.maxKeys(), clock);
        this.bundleFetches = new KeyedLimiter<>(settings.bundleFetches(), settings.maxKeys(), clock);
        this.groupRequests = new KeyedLimiter<>(settings.groupRequests(), settings.maxKeys(), clock);
        this.typing = new KeyedLimiter<>(settings.typing(), settings.maxKeys(), clock);
    }

    /** Messages {@code sender} sends (1:1 and group): 0 when allowed, else millis to wait. */
    public long message(UserId sender) {
        return messages.tryAcquire(sender);
    }

    /** Key bundles {@code requester} fetches: 0 when allowed, else millis to wait. */
    public long bundleFetch(UserId requester) {
        return bundleFetches.tryAcquire(requester);
    }

    /** Group requests by {@code actor}: 0 when allowed, else millis to wait. */
    public long groupRequest(UserId actor) {
        return groupRequests.tryAcquire(actor);
    }

    /** Typing notifications from {@code user}: 0 when allowed, else millis to wait. */
    public long typing(UserId user) {
        return typing.tryAcquire(user);
    }

    public Rate messageRate() {
        return messages.rate();
    }

    public Rate bundleFetchRate() {
        return bundleFetches.rate();
    }

    public Rate groupRequestRate() {
        return groupRequests.rate();
    }
}

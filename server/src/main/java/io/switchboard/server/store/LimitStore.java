// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import io.switchboard.server.limits.Rate;
import io.switchboard.server.limits.TokenBucket;

import java.util.concurrent.CompletableFuture;

/**
 * Token buckets kept durably, for limits a restart must not reset (registration). Each key's bucket is read,
 * refilled and taken from in one step of the single writer, so concurrent requests are each counted; on
 * PostgreSQL the row is locked for that step, so nodes sharing the store share the bucket too.
 */
public interface LimitStore {

    /**
     * Takes one token from {@code key}'s bucket if it has one at {@code now}.
     *
     * @return the bucket afterwards (its tokens say how many are left) and whether the token was taken
     */
    CompletableFuture<TokenBucket.Taken> take(String key, Rate rate, long now);

    /** 0 if {@code key}'s bucket has a token at {@code now}, else the milliseconds until it would; takes nothing. */
    CompletableFuture<Long> peek(String key, Rate rate, long now);
}

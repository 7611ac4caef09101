// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import io.switchboard.protocol.id.UserId;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Pending registration codes, one per number. Expiry and the attempt limit are the caller's policy; the store
 * keeps the facts durably so a restart does not reset a lockout.
 */
public interface RegistrationStore {

    /** Saves a new code for {@code user}, replacing any pending one and resetting its failed attempts. */
    CompletableFuture<Void> saveCode(UserId user, String codeHash, long expiresAt);

    /** The pending code, expired or not; empty if none. */
    CompletableFuture<Optional<PendingCode>> pendingCode(UserId user);

    /** Counts one wrong guess and returns the failed attempts so far; 0 if no code is pending. */
    CompletableFuture<Integer> recordFailedAttempt(UserId user);

    /** Removes the pending code (verified, or given up); a no-op if none. */
    CompletableFuture<Void> clearCode(UserId user);
}

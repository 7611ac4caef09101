// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import io.switchboard.protocol.id.UserId;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Accounts by Noise static key, the login credential. A key belongs to at most one (user, device) and a
 * (user, device) has at most one key; every change is committed before its future completes.
 */
public interface AccountStore {

    /** The account whose device holds {@code staticPublicKey}; empty if unknown or revoked. */
    CompletableFuture<Optional<Account>> findByKey(byte[] staticPublicKey);

    /**
     * Binds the key after a completed registration. An earlier key of the same user and device is revoked, and so
     * is an earlier binding of the same key (a device re-registered under another number).
     */
    CompletableFuture<Account> bind(UserId user, int deviceId, byte[] staticPublicKey);

    /** Whether {@code user} has at least one bound device: the number registered and was not revoked since. */
    CompletableFuture<Boolean> isRegistered(UserId user);

    /** Revokes the device's key; revoking an unbound device is a no-op. */
    CompletableFuture<Void> revoke(UserId user, int deviceId);
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import io.switchboard.protocol.id.UserId;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The key directory's rows: per device its identity and signed prekeys, pools of one-time EC and Kyber prekeys,
 * and who fetched whose bundle. Public keys only. Every call is one transaction, committed before its future
 * completes; a fetch takes each one-time key with a single {@code DELETE … RETURNING}, so no key is ever handed out
 * twice, whatever the concurrency and across restarts.
 */
public interface KeyStore {

    /**
     * Stores {@code device} (when not null: replacing the device's earlier identity and signed prekeys) and adds
     * the one-time keys, unless a pool would pass {@code maxPool}. When {@code device} carries a different identity
     * key than stored, the device's one-time keys uploaded under the old identity are deleted first.
     */
    CompletableFuture<KeyUploadResult> upload(UserId user, int deviceId, DeviceKeys device,
                                              List<SignedPreKey> ecPreKeys, List<SignedPreKey> kyberPreKeys,
                                              int maxPool);

    /**
     * {@code owner}'s bundle for {@code fetcher}, taking one one-time key of each kind from the pools, and records
     * {@code fetcher} as a contact of {@code owner}. {@link BundleFetch#ownerRunsLow()} is true for the first fetch
     * that leaves fewer than {@code lowWater} keys in either pool since the owner's last upload.
     */
    CompletableFuture<BundleFetch> fetch(UserId owner, UserId fetcher, int lowWater);

    /** The device's registered identity and the sizes of its pools. */
    CompletableFuture<KeyCounts> counts(UserId user, int deviceId);
}

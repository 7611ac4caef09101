// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.keys;

import io.switchboard.protocol.id.UserId;
import io.switchboard.server.keys.KeyRefusal.Reason;
import io.switchboard.server.store.BundleFetch;
import io.switchboard.server.store.DeviceKeys;
import io.switchboard.server.store.KeyCounts;
import io.switchboard.server.store.KeyStore;
import io.switchboard.server.store.KeyUploadResult;
import io.switchboard.server.store.SignedPreKey;
import java.util.concurrent.CompletableFuture;
import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.InvalidKeyException;

/**
 * The key directory's rules on top of the {@link KeyStore}: signatures verified against the uploader's identity,
 * one-time keys taken {@value #MAX_BATCH} at most per kind and upload and held {@value #MAX_POOL} at most per kind
 * and device, and a fetch that tells its caller when the owner's pool fell below {@value #LOW_WATER}. Thread-safe:
 * it keeps no state of its own.
 */
public final class KeyDirectory {

    /** One-time keys of one kind per upload: keeps an upload (100 Kyber keys ≈ 160 KB) well inside a frame. */
    public static final int MAX_BATCH = 100;
    /** One-time keys of one kind a device may hold; bounds what one account can make the server store. */
    public static final int MAX_POOL = 1_000;
    /** Below this many one-time keys of either kind the owner is told to upload more. */
    public static final int LOW_WATER = 10;

    private final KeyStore store;

    public KeyDirectory(KeyStore store) {
        this.store = store;
    }

    /** The answer to an upload: stored ({@code uploaded}) or refused, never both. */
    public record UploadOutcome(KeyUploadResult.Uploaded uploaded, KeyRefusal refusal) {
        static UploadOutcome refused(Reason reason, String text) {
            return new UploadOutcome(null, new KeyRefusal(reason, text));
        }
    }

    /**
     * Verifies and stores {@code upload} for the device. One-time Kyber keys without device keys in the same upload
     * are verified against the identity stored before.
     */
    public CompletableFuture<UploadOutcome> upload(UserId user, int deviceId, KeyUpload upload) {
        if (upload.ecPreKeys().size() > MAX_BATCH || upload.kyberPreKeys().size() > MAX_BATCH) {
            return CompletableFuture.completedFuture(UploadOutcome.refused(Reason.BATCH_TOO_LARGE, "upload at most "
                    + MAX_BATCH + " one-time prekeys of each kind at a time; got " + upload.ecPreKeys().size()
                    + " EC and " + upload.kyberPreKeys().size() + " Kyber"));
        }
        if (upload.device().isPresent()) {
            return verifyAndStore(user, deviceId, upload, upload.device().get().identityKey());
        }
        if (upload.kyberPreKeys().isEmpty()) {
            return verifyAndStore(user, deviceId, upload, null);
        }
        return store.counts(user, deviceId).thenCompose(counts -> counts.identityKey().isEmpty()
                ? CompletableFuture.completedFuture(noDeviceKeys())
                : verifyAndStore(user, deviceId, upload, counts.identityKey().get()));
    }

    private CompletableFuture<UploadOutcome> verifyAndStore(UserId user, int deviceId, KeyUpload upload,
                                                            byte[] identityBytes) {
        try {
            IdentityKey identity = identityBytes == null ? null : KeySignatures.identity(identityBytes);
            if (upload.device().isPresent()) {
                DeviceKeys device = upload.device().get();
                KeySignatures.checkSignedEc(identity, device.signedPreKey());
                KeySignatures.checkSignedKyber(identity, device.lastResortKyber());
            }
            for (SignedPreKey key : upload.ecPreKeys()) {
                KeySignatures.checkEc(key);
            }
            for (SignedPreKey key : upload.kyberPreKeys()) {
                KeySignatures.checkSignedKyber(identity, key);
            }
        } catch (InvalidKeyException | IllegalArgumentException e) {
            return CompletableFuture.completedFuture(UploadOutcome.refused(Reason.INVALID_KEY, e.getMessage()));
        }
        return store.upload(user, deviceId, upload.device().orElse(null), upload.ecPreKeys(),
                upload.kyberPreKeys(), MAX_POOL).thenApply(KeyDirectory::outcome);
    }

    private static UploadOutcome outcome(KeyUploadResult result) {
        if (result instanceof KeyUploadResult.Uploaded uploaded) {
            return new UploadOutcome(uploaded, null);
        }
        if (result instanceof KeyUploadResult.PoolFull full) {
            return UploadOutcome.refused(Reason.POOL_FULL, "a device holds at most " + full.max() + " one-time "
                    + full.kind().name() + " prekeys; it has " + full.stored() + " and this upload adds "
                    + full.adding() + ": upload fewer");
        }
        return noDeviceKeys();
    }

    private static UploadOutcome noDeviceKeys() {
        return UploadOutcome.refused(Reason.NO_DEVICE_KEYS,
                "upload the identity key and signed prekeys before one-time prekeys");
    }

    /** {@code owner}'s bundle for {@code fetcher}; see {@link KeyStore#fetch}. */
    public CompletableFuture<BundleFetch> fetch(UserId owner, UserId fetcher) {
        return store.fetch(owner, fetcher, LOW_WATER);
    }

    /** The device's identity and pool sizes, so a client can tell whether to register keys or top up. */
    public CompletableFuture<KeyCounts> counts(UserId user, int deviceId) {
        return store.counts(user, deviceId);
    }
}

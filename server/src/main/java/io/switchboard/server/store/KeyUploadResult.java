// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import io.switchboard.protocol.id.UserId;
import java.util.List;

/** What an upload to the key directory did. Nothing is written unless it is {@link Uploaded}. */
public sealed interface KeyUploadResult {

    /**
     * Stored. {@code identityChanged} when the upload replaced a different identity key (a re-registration): the
     * device's old one-time keys are gone and {@code contacts} (users that fetched its bundle) should be told.
     */
    record Uploaded(boolean identityChanged, List<UserId> contacts, int ecPreKeys, int kyberPreKeys)
            implements KeyUploadResult {
    }

    /** The pool of {@code kind} would exceed {@code max}: it holds {@code stored}; the upload adds {@code adding}. */
    record PoolFull(PreKeyKind kind, int stored, int adding, int max) implements KeyUploadResult {
    }

    /** One-time keys came before the device uploaded its identity and signed prekeys. */
    record NoDeviceKeys() implements KeyUploadResult {
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import java.util.Objects;

/**
 * A public prekey as a device uploaded it: its id (chosen by the device), the serialized public key and the
 * identity key's signature over it (empty for an unsigned one-time EC key). Opaque bytes to the store.
 */
public record SignedPreKey(int id, byte[] publicKey, byte[] signature) {

    public SignedPreKey {
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(signature, "signature");
    }
}

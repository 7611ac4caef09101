// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import java.util.Objects;

/**
 * What every bundle of a device carries: its registration id, identity public key, signed EC prekey and signed
 * Kyber last-resort prekey (served when the one-time Kyber pool is empty). The signatures were verified before
 * these reach the store.
 */
public record DeviceKeys(int registrationId, byte[] identityKey, SignedPreKey signedPreKey,
                         SignedPreKey lastResortKyber) {

    public DeviceKeys {
        Objects.requireNonNull(identityKey, "identityKey");
        Objects.requireNonNull(signedPreKey, "signedPreKey");
        Objects.requireNonNull(lastResortKyber, "lastResortKyber");
    }
}

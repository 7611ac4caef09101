// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.keys;

import io.switchboard.server.store.DeviceKeys;
import io.switchboard.server.store.SignedPreKey;
import java.util.List;
import java.util.Optional;

/**
 * One parsed upload: the device's identity and signed prekeys (a first registration, a re-registration or a
 * rotation), one-time prekeys to add to its pools, or both.
 */
public record KeyUpload(Optional<DeviceKeys> device, List<SignedPreKey> ecPreKeys, List<SignedPreKey> kyberPreKeys) {

    public KeyUpload {
        ecPreKeys = List.copyOf(ecPreKeys);
        kyberPreKeys = List.copyOf(kyberPreKeys);
    }
}

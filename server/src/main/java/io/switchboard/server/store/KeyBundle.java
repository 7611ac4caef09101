// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import io.switchboard.protocol.id.UserId;
import java.util.Optional;

/**
 * One device's prekey bundle as handed to one fetcher. {@code kyberPreKey} is a one-time Kyber key taken from the
 * pool, or the last-resort one when the pool is empty ({@code lastResort}); {@code ecPreKey} is a one-time EC key
 * taken from the pool, empty when it is empty. Each one-time key is in at most one bundle ever.
 */
public record KeyBundle(UserId user, int deviceId, DeviceKeys device, SignedPreKey kyberPreKey, boolean lastResort,
                        Optional<SignedPreKey> ecPreKey) {
}

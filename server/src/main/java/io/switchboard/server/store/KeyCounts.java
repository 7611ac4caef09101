// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import java.util.Optional;

/**
 * A device's standing in the key directory: the identity key it registered (empty before its first upload) and
 * how many one-time prekeys of each kind are left.
 */
public record KeyCounts(Optional<byte[]> identityKey, int ecPreKeys, int kyberPreKeys) {
}

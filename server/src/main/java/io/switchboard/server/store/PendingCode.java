// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import io.switchboard.protocol.id.UserId;
import java.util.Objects;

/**
 * A registration code waiting to be verified; the store keeps only its hash.
 *
 * @param user           the number being registered
 * @param codeHash       the code's hash, never the code
 * @param expiresAt      epoch millis after which the code is void
 * @param failedAttempts wrong guesses so far
 */
public record PendingCode(UserId user, String codeHash, long expiresAt, int failedAttempts) {

    public PendingCode {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(codeHash, "codeHash");
    }
}

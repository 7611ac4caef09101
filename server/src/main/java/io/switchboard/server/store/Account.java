// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import io.switchboard.protocol.id.UserId;
import java.util.Arrays;
import java.util.Objects;

/**
 * A registered device: the user's number, the device and the Noise static public key that is its login credential.
 *
 * @param user            the account's phone number
 * @param deviceId        the device within the account
 * @param staticPublicKey the device's Noise static public key (not copied; do not change it)
 * @param createdAt       when the key was bound, epoch millis
 * @param epoch           the device's registration epoch: greater than that of every earlier registration of the
 *                        same (user, device), so the ids this registration's client sends are its own
 *                        ({@link MessageOrigin}); 0 for accounts bound before epochs existed
 */
public record Account(UserId user, int deviceId, byte[] staticPublicKey, long createdAt, long epoch) {

    /** An account from before epochs existed (epoch 0). */
    public Account(UserId user, int deviceId, byte[] staticPublicKey, long createdAt) {
        this(user, deviceId, staticPublicKey, createdAt, 0);
    }

    /** The origin of every message this registration sends. */
    public MessageOrigin origin() {
        return new MessageOrigin(deviceId, epoch);
    }

    public Account {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(staticPublicKey, "staticPublicKey");
    }

    // Records compare arrays by reference; accounts are equal when their keys' bytes are.
    @Override
    public boolean equals(Object o) {
        return o instanceof Account a && deviceId == a.deviceId && createdAt == a.createdAt && epoch == a.epoch
                && user.equals(a.user)
                && Arrays.equals(staticPublicKey, a.staticPublicKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(user, deviceId, createdAt, epoch, Arrays.hashCode(staticPublicKey));
    }

    /** No key bytes: keys never reach a log. */
    @Override
    public String toString() {
        return "Account[user=" + user + ", deviceId=" + deviceId + ", createdAt=" + createdAt + ", epoch=" + epoch
                + "]";
    }
}

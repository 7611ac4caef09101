// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import io.switchboard.protocol.id.UserId;

import java.util.Objects;

/**
 * The account this client directory is registered as.
 *
 * @param user   the user, from the phone number verified at registration
 * @param device the device number the server gave this key ({@code 0}, the primary device, when it gave none)
 */
public record Account(UserId user, int device) {
    public Account {
        Objects.requireNonNull(user, "user");
        if (device < 0) {
            throw new IllegalArgumentException("device must not be negative: " + device);
        }
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.crypto;

import io.switchboard.protocol.noise.X25519Contract;
import io.switchboard.protocol.noise.X25519;

/** The X25519 contract on libsignal's native implementation. */
class SignalX25519Test extends X25519Contract {
    private final X25519 x25519 = new SignalX25519();

    @Override
    protected X25519 x25519() {
        return x25519;
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.crypto;

import io.switchboard.protocol.noise.NoiseHandshakeContract;
import io.switchboard.protocol.noise.X25519;

/** Switchboard's XX handshake on libsignal's X25519. */
class SignalNoiseHandshakeTest extends NoiseHandshakeContract {
    private final X25519 x25519 = new SignalX25519();

    @Override
    protected X25519 x25519() {
        return x25519;
    }
}

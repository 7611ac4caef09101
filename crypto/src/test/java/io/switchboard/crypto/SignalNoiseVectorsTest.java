// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.crypto;

import io.switchboard.protocol.noise.NoiseVectorsContract;
import io.switchboard.protocol.noise.X25519;

/** The published Noise vectors on libsignal's X25519. */
class SignalNoiseVectorsTest extends NoiseVectorsContract {
    private final X25519 x25519 = new SignalX25519();

    @Override
    protected X25519 x25519() {
        return x25519;
    }
}

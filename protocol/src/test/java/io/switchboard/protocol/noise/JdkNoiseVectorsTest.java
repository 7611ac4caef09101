// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.noise;

/** The published Noise vectors on the JDK's X25519. */
class JdkNoiseVectorsTest extends NoiseVectorsContract {
    private final X25519 x25519 = new JdkX25519();

    @Override
    protected X25519 x25519() {
        return x25519;
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.noise;

/** The X25519 contract on the JDK's XDH provider. */
class JdkX25519Test extends X25519Contract {
    private final X25519 x25519 = new JdkX25519();

    @Override
    protected X25519 x25519() {
        return x25519;
    }
}

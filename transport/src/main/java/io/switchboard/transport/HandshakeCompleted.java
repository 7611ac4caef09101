// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.transport;

import io.switchboard.protocol.node.Node;

import java.util.Objects;
import java.util.Optional;

/**
 * The user event {@link NoiseHandshakeHandler} fires once the Noise XX handshake has completed and the transport
 * cipher is in place: from here on, nodes flow both ways.
 *
 * @param remoteStaticKey the peer's authenticated static public key (32 bytes): on the server the client's
 *                        credential, on the client the server's identity
 * @param payload         the node the peer sent in its last handshake message: on the server the client's
 *                        {@code <login/>} or {@code <register/>} (always present), on the client empty (the
 *                        server's message 2 carries no payload in protocol version 1)
 */
public record HandshakeCompleted(byte[] remoteStaticKey, Optional<Node> payload) {
    public HandshakeCompleted {
        remoteStaticKey = Objects.requireNonNull(remoteStaticKey, "remoteStaticKey").clone();
        Objects.requireNonNull(payload, "payload");
    }

    /** A copy of the peer's static public key. */
    @Override
    public byte[] remoteStaticKey() {
        return remoteStaticKey.clone();
    }
}

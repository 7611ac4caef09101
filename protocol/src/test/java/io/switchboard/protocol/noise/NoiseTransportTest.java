// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.noise;

import io.switchboard.protocol.frame.ConnectionHeader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A split handshake: nonce exhaustion, error codes, and which patterns need which keys. */
class NoiseTransportTest {
    private final X25519 x25519 = new JdkX25519();

    @Test
    void exhaustedNonceStopsBothDirections() throws Exception {
        NoiseTransport[] ends = handshake();
        NoiseTransport client = ends[0];
        NoiseTransport server = ends[1];
        client.sender().setNonce(-2L);
        server.receiver().setNonce(-2L);
        assertThat(server.decrypt(client.encrypt(new byte[] {1}))).containsExactly(1);

        assertThatThrownBy(() -> client.encrypt(new byte[] {2})).isInstanceOf(NonceExhaustedException.class)
                .satisfies(e -> assertThat(((NonceExhaustedException) e).code().code()).isEqualTo(1008));
        assertThatThrownBy(() -> server.decrypt(new byte[17])).isInstanceOf(NonceExhaustedException.class);
    }

    @Test
    void errorsCarryTheirWireCodes() {
        assertThat(new HandshakeFailedException("x").code().code()).isEqualTo(1006);
        assertThat(new DecryptFailedException("x").code().code()).isEqualTo(1007);
        assertThat(new NonceExhaustedException("x").code().code()).isEqualTo(1008);
    }

    @Test
    void nnTransportHasNoRemoteStatic() throws Exception {
        HandshakeState client = HandshakeState.initiator(HandshakePattern.NN, x25519, new byte[0], null, null);
        HandshakeState server = HandshakeState.responder(HandshakePattern.NN, x25519, new byte[0], null, null);
        server.readMessage(client.writeMessage(new byte[0]));
        client.readMessage(server.writeMessage(new byte[0]));
        assertThat(client.split().remoteStatic()).isEmpty();
    }

    @Test
    void patternsRefuseToStartWithoutTheKeysTheyNeed() {
        assertThatThrownBy(() -> HandshakeState.initiator(HandshakePattern.XX, x25519, new byte[0], null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HandshakeState.initiator(HandshakePattern.IK, x25519, new byte[0],
                x25519.generateKeyPair(), null)).isInstanceOf(IllegalArgumentException.class);
    }

    private NoiseTransport[] handshake() throws Exception {
        HandshakeState client = HandshakeState.initiator(HandshakePattern.XX, x25519, ConnectionHeader.CURRENT.toBytes(),
                x25519.generateKeyPair(), null);
        HandshakeState server = HandshakeState.responder(HandshakePattern.XX, x25519, ConnectionHeader.CURRENT.toBytes(),
                x25519.generateKeyPair(), null);
        server.readMessage(client.writeMessage(new byte[0]));
        client.readMessage(server.writeMessage(new byte[0]));
        server.readMessage(client.writeMessage(new byte[0]));
        return new NoiseTransport[] {client.split(), server.split()};
    }
}

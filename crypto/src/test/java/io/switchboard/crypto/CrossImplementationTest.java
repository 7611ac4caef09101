// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.noise.HandshakePattern;
import io.switchboard.protocol.noise.HandshakeState;
import io.switchboard.protocol.noise.JdkX25519;
import io.switchboard.protocol.frame.ConnectionHeader;
import io.switchboard.protocol.noise.NoiseTransport;
import io.switchboard.protocol.noise.X25519;
import io.switchboard.protocol.noise.X25519KeyPair;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** JDK and libsignal X25519 are interchangeable: keys from one agree with keys from the other, on the wire too. */
class CrossImplementationTest {
    private final X25519 jdk = new JdkX25519();
    private final X25519 signal = new SignalX25519();

    @RepeatedTest(20)
    void jdkAndSignalKeyPairsAgreeInBothDirections() throws Exception {
        X25519KeyPair a = jdk.generateKeyPair();
        X25519KeyPair b = signal.generateKeyPair();
        byte[] fromA = jdk.dh(a.privateKey(), b.publicKey());
        byte[] fromB = signal.dh(b.privateKey(), a.publicKey());
        assertThat(fromA).isEqualTo(fromB);
        assertThat(signal.dh(a.privateKey(), b.publicKey())).isEqualTo(fromA);
        assertThat(jdk.dh(b.privateKey(), a.publicKey())).isEqualTo(fromA);
    }

    @RepeatedTest(20)
    void bothDeriveTheSamePublicKey() {
        X25519KeyPair fromJdk = jdk.generateKeyPair();
        X25519KeyPair fromSignal = signal.generateKeyPair();
        assertThat(signal.publicKey(fromJdk.privateKey())).isEqualTo(fromJdk.publicKey());
        assertThat(jdk.publicKey(fromSignal.privateKey())).isEqualTo(fromSignal.publicKey());
    }

    @Test
    void jdkClientCompletesAnXxHandshakeWithASignalServer() throws Exception {
        X25519KeyPair clientKeys = jdk.generateKeyPair();
        byte[] prologue = ConnectionHeader.CURRENT.toBytes();
        HandshakeState client = HandshakeState.initiator(HandshakePattern.XX, jdk, prologue, clientKeys, null);
        HandshakeState server = HandshakeState.responder(HandshakePattern.XX, signal, prologue,
                signal.generateKeyPair(), null);
        server.readMessage(client.writeMessage(new byte[0]));
        client.readMessage(server.writeMessage(new byte[0]));
        server.readMessage(client.writeMessage(new byte[0]));
        NoiseTransport clientTransport = client.split();
        NoiseTransport serverTransport = server.split();

        assertThat(serverTransport.remoteStatic()).hasValue(clientKeys.publicKey());
        byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
        assertThat(serverTransport.decrypt(clientTransport.encrypt(hello))).isEqualTo(hello);
        assertThat(clientTransport.decrypt(serverTransport.encrypt(hello))).isEqualTo(hello);
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.noise;

import io.switchboard.protocol.frame.ConnectionHeader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Switchboard's XX handshake between two in-process parties with fresh keys, on one {@link X25519}
 * implementation: the happy path with many transport messages, and every way peer bytes or a confused caller can
 * break it, each ending in the typed exception and nothing else.
 */
public abstract class NoiseHandshakeContract {
    private static final byte[] PROLOGUE = ConnectionHeader.CURRENT.toBytes();

    /** The implementation under test. */
    protected abstract X25519 x25519();

    @Test
    public void xxHandshakeCarriesTenThousandMessagesEachWay() throws Exception {
        X25519KeyPair clientKeys = x25519().generateKeyPair();
        X25519KeyPair serverKeys = x25519().generateKeyPair();
        Pair pair = handshake(clientKeys, serverKeys);

        assertThat(pair.server.remoteStatic()).hasValueSatisfying(k -> assertThat(k).isEqualTo(clientKeys.publicKey()));
        assertThat(pair.client.remoteStatic()).hasValueSatisfying(k -> assertThat(k).isEqualTo(serverKeys.publicKey()));
        assertThat(pair.client.handshakeHash()).isEqualTo(pair.server.handshakeHash());

        for (int i = 0; i < 10_000; i++) {
            byte[] up = ("client message " + i).getBytes(StandardCharsets.UTF_8);
            byte[] upCiphertext = pair.client.encrypt(up);
            assertThat(upCiphertext).hasSize(up.length + 16);
            assertThat(pair.server.decrypt(upCiphertext)).isEqualTo(up);

            byte[] down = ("server message " + i).getBytes(StandardCharsets.UTF_8);
            assertThat(pair.client.decrypt(pair.server.encrypt(down))).isEqualTo(down);
        }
    }

    @Test
    public void handshakePayloadsArriveIntact() throws Exception {
        HandshakeState client = client(x25519().generateKeyPair(), PROLOGUE);
        HandshakeState server = server(x25519().generateKeyPair(), PROLOGUE);
        assertThat(server.readMessage(client.writeMessage(bytes("hello")))).isEqualTo(bytes("hello"));
        assertThat(client.readMessage(server.writeMessage(bytes("server cert")))).isEqualTo(bytes("server cert"));
        assertThat(server.remoteStatic()).isEmpty();
        assertThat(server.readMessage(client.writeMessage(bytes("login")))).isEqualTo(bytes("login"));
        assertThat(server.remoteStatic()).isPresent();
    }

    @Test
    public void transportMessagesLargerThanNoiseLimitAreAllowed() throws Exception {
        Pair pair = handshake(x25519().generateKeyPair(), x25519().generateKeyPair());
        byte[] oneMebibyte = new byte[1 << 20];
        new SplittableRandom(1).nextBytes(oneMebibyte);
        assertThat(pair.server.decrypt(pair.client.encrypt(oneMebibyte))).isEqualTo(oneMebibyte);
    }

    @Test
    public void flippingAnyBitOfATransportMessageFailsDecryption() throws Exception {
        Pair pair = handshake(x25519().generateKeyPair(), x25519().generateKeyPair());
        byte[] ciphertext = pair.client.encrypt(bytes("pay 10 euros"));
        for (int bit = 0; bit < ciphertext.length * 8; bit++) {
            byte[] tampered = ciphertext.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThatThrownBy(() -> pair.server.decrypt(tampered)).isInstanceOf(DecryptFailedException.class);
        }
        // A failed decryption does not advance the nonce, so the genuine message still decrypts.
        assertThat(pair.server.decrypt(ciphertext)).isEqualTo(bytes("pay 10 euros"));
    }

    @Test
    public void truncatedTransportMessageFailsDecryption() throws Exception {
        Pair pair = handshake(x25519().generateKeyPair(), x25519().generateKeyPair());
        byte[] ciphertext = pair.client.encrypt(bytes("x"));
        for (int length = 0; length < ciphertext.length; length++) {
            byte[] truncated = Arrays.copyOf(ciphertext, length);
            assertThatThrownBy(() -> pair.server.decrypt(truncated)).isInstanceOf(DecryptFailedException.class);
        }
    }

    @Test
    public void replayedOrReorderedTransportMessageFailsDecryption() throws Exception {
        Pair pair = handshake(x25519().generateKeyPair(), x25519().generateKeyPair());
        byte[] first = pair.client.encrypt(bytes("first"));
        byte[] second = pair.client.encrypt(bytes("second"));
        assertThatThrownBy(() -> pair.server.decrypt(second)).isInstanceOf(DecryptFailedException.class);
        assertThat(pair.server.decrypt(first)).isEqualTo(bytes("first"));
        assertThatThrownBy(() -> pair.server.decrypt(first)).isInstanceOf(DecryptFailedException.class);
    }

    @Test
    public void messageFromAnotherSessionFailsDecryption() throws Exception {
        X25519KeyPair clientKeys = x25519().generateKeyPair();
        X25519KeyPair serverKeys = x25519().generateKeyPair();
        Pair one = handshake(clientKeys, serverKeys);
        Pair two = handshake(clientKeys, serverKeys);
        assertThatThrownBy(() -> two.server.decrypt(one.client.encrypt(bytes("hi"))))
                .isInstanceOf(DecryptFailedException.class);
    }

    @Test
    public void differentProloguesFailTheHandshake() throws Exception {
        HandshakeState client = client(x25519().generateKeyPair(), ConnectionHeader.CURRENT.toBytes());
        HandshakeState server = server(x25519().generateKeyPair(), new ConnectionHeader(1, 2).toBytes());
        server.readMessage(client.writeMessage(new byte[0]));
        byte[] second = server.writeMessage(new byte[0]);
        assertThatThrownBy(() -> client.readMessage(second)).isInstanceOf(HandshakeFailedException.class);
    }

    @Test
    public void flippingAnyBitOfAHandshakeMessageFailsTheHandshake() throws Exception {
        for (int message = 0; message < 3; message++) {
            int length = recordedMessageLength(message);
            for (int bit = 0; bit < length * 8; bit++) {
                int flip = bit;
                int index = message;
                assertThat(catchThrowable(() -> handshakeWithTamperedMessage(index, flip)))
                        .as("message %d bit %d", message, bit)
                        .isInstanceOf(HandshakeFailedException.class);
            }
        }
    }

    @Test
    public void allZeroPeerEphemeralKeyFailsTheHandshake() throws Exception {
        HandshakeState server = server(x25519().generateKeyPair(), PROLOGUE);
        server.readMessage(new byte[32]); // message 1 is only "e", so nothing is computed from it yet
        assertThatThrownBy(() -> server.writeMessage(new byte[0])).isInstanceOf(HandshakeFailedException.class);
        assertThatThrownBy(() -> server.writeMessage(new byte[0]))
                .as("a failed handshake stays failed").isInstanceOf(HandshakeFailedException.class);
    }

    @Test
    public void allZeroKnownResponderKeyFailsTheIkHandshake() {
        HandshakeState client = HandshakeState.initiator(HandshakePattern.IK, x25519(), PROLOGUE,
                x25519().generateKeyPair(), new byte[32]);
        assertThatThrownBy(() -> client.writeMessage(new byte[0])).isInstanceOf(HandshakeFailedException.class);
    }

    @Test
    public void callsOutOfTurnFailTheHandshake() throws Exception {
        assertThatThrownBy(() -> client(x25519().generateKeyPair(), PROLOGUE).readMessage(new byte[32]))
                .isInstanceOf(HandshakeFailedException.class);
        assertThatThrownBy(() -> server(x25519().generateKeyPair(), PROLOGUE).writeMessage(new byte[0]))
                .isInstanceOf(HandshakeFailedException.class);
        HandshakeState client = client(x25519().generateKeyPair(), PROLOGUE);
        client.writeMessage(new byte[0]);
        assertThatThrownBy(() -> client.writeMessage(new byte[0])).isInstanceOf(HandshakeFailedException.class);
        assertThatThrownBy(client::split).isInstanceOf(HandshakeFailedException.class);
    }

    @Test
    public void finishedHandshakeSplitsOnceAndAcceptsNoMoreMessages() throws Exception {
        HandshakeState[] ends = handshakeUpTo(3);
        ends[0].split();
        assertThatThrownBy(ends[0]::split).isInstanceOf(HandshakeFailedException.class);
        assertThatThrownBy(() -> ends[1].readMessage(new byte[64])).isInstanceOf(HandshakeFailedException.class);
    }

    @Test
    public void oversizedHandshakeMessagesAreRejected() throws Exception {
        assertThatThrownBy(() -> server(x25519().generateKeyPair(), PROLOGUE).readMessage(new byte[65_536]))
                .isInstanceOf(HandshakeFailedException.class);
        assertThatThrownBy(() -> client(x25519().generateKeyPair(), PROLOGUE).writeMessage(new byte[65_535 - 31]))
                .isInstanceOf(HandshakeFailedException.class);
        assertThat(client(x25519().generateKeyPair(), PROLOGUE).writeMessage(new byte[65_535 - 32]))
                .hasSize(65_535);
    }

    @Test
    public void randomGarbageOnlyEverFailsWithHandshakeFailed() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        List<Integer> lengths = new ArrayList<>();
        for (int length = 0; length <= 200; length++) {
            lengths.add(length);
        }
        lengths.addAll(List.of(1_000, 65_535, 65_536, 200_000));
        for (int length : lengths) {
            byte[] garbage = new byte[length];
            random.nextBytes(garbage);
            for (int message = 0; message < 3; message++) {
                HandshakeState[] ends = handshakeUpTo(message);
                HandshakeState receiver = message % 2 == 0 ? ends[1] : ends[0];
                Throwable thrown = catchThrowable(() -> {
                    receiver.readMessage(garbage);
                    // Message 1 is a clear ephemeral key, so garbage of 32+ bytes is accepted until it is used.
                    receiver.writeMessage(new byte[0]);
                });
                if (message > 0 || length < 32 || length > 65_535) {
                    assertThat(thrown).as("message %d, %d bytes", message, length)
                            .isInstanceOf(HandshakeFailedException.class);
                } else if (thrown != null) {
                    assertThat(thrown).isInstanceOf(HandshakeFailedException.class);
                }
            }
        }
    }

    /** A finished XX handshake's two transports. */
    protected record Pair(NoiseTransport client, NoiseTransport server) {
    }

    protected Pair handshake(X25519KeyPair clientKeys, X25519KeyPair serverKeys) throws Exception {
        HandshakeState client = client(clientKeys, PROLOGUE);
        HandshakeState server = server(serverKeys, PROLOGUE);
        server.readMessage(client.writeMessage(new byte[0]));
        client.readMessage(server.writeMessage(new byte[0]));
        server.readMessage(client.writeMessage(new byte[0]));
        return new Pair(client.split(), server.split());
    }

    protected HandshakeState client(X25519KeyPair keys, byte[] prologue) {
        return HandshakeState.initiator(HandshakePattern.XX, x25519(), prologue, keys, null);
    }

    protected HandshakeState server(X25519KeyPair keys, byte[] prologue) {
        return HandshakeState.responder(HandshakePattern.XX, x25519(), prologue, keys, null);
    }

    /** Client and server after {@code messages} handshake messages went through. */
    private HandshakeState[] handshakeUpTo(int messages) throws Exception {
        HandshakeState client = client(x25519().generateKeyPair(), PROLOGUE);
        HandshakeState server = server(x25519().generateKeyPair(), PROLOGUE);
        for (int i = 0; i < messages; i++) {
            HandshakeState sender = i % 2 == 0 ? client : server;
            HandshakeState receiver = i % 2 == 0 ? server : client;
            receiver.readMessage(sender.writeMessage(new byte[0]));
        }
        return new HandshakeState[] {client, server};
    }

    private static int recordedMessageLength(int message) {
        // XX with empty payloads: 32 (e), 32 + 48 + 16 (e, encrypted s, tag), 48 + 16 (encrypted s, tag).
        return List.of(32, 96, 64).get(message);
    }

    /**
     * Runs a full handshake with one bit of message {@code index} flipped in transit; the peer must notice within
     * the handshake (a flipped clear ephemeral key in message 1 changes the hash, so message 2 fails to decrypt).
     */
    private void handshakeWithTamperedMessage(int index, int bit) throws Exception {
        HandshakeState client = client(x25519().generateKeyPair(), PROLOGUE);
        HandshakeState server = server(x25519().generateKeyPair(), PROLOGUE);
        for (int i = 0; i < 3; i++) {
            HandshakeState sender = i % 2 == 0 ? client : server;
            HandshakeState receiver = i % 2 == 0 ? server : client;
            byte[] message = sender.writeMessage(new byte[0]);
            if (i == index) {
                message[bit / 8] ^= (byte) (1 << (bit % 8));
            }
            receiver.readMessage(message);
        }
        throw new AssertionError("tampered message " + index + " went unnoticed");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

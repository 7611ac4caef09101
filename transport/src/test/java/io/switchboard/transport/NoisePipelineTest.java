// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.transport;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.frame.ConnectionHeader;
import io.switchboard.protocol.node.Node;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class NoisePipelineTest {

    private static final Node HELLO = Node.builder("message")
            .attr("to", "15551230002@s.switchboard").attr("id", "a3")
            .child(Node.builder("body").bytes("hello".getBytes(StandardCharsets.UTF_8)))
            .build();

    @Test
    void clientOpensWithTheHeaderThenAThirtyTwoByteMessageOne() {
        EmbeddedPeers peers = new EmbeddedPeers();
        byte[] first = EmbeddedPeers.drain(peers.client);
        assertThat(first).hasSize(4 + 3 + 32);
        assertThat(first).startsWith(0x53, 0x42, 0x01, 0x01, 0x00, 0x00, 0x20);
    }

    @Test
    void handshakeHandsEachSideThePeersKeyAndTheServerTheLoginNode() {
        EmbeddedPeers peers = new EmbeddedPeers().handshake();

        assertThat(peers.serverSeen.handshakes).singleElement().satisfies(done -> {
            assertThat(done.remoteStaticKey()).isEqualTo(peers.clientKey.publicKey());
            assertThat(done.payload()).contains(EmbeddedPeers.LOGIN);
        });
        assertThat(peers.clientSeen.handshakes).singleElement().satisfies(done -> {
            assertThat(done.remoteStaticKey()).isEqualTo(peers.serverKey.publicKey());
            assertThat(done.payload()).isEmpty();
        });
        for (var channel : new io.netty.channel.Channel[] {peers.server, peers.client}) {
            assertThat(channel.pipeline().get(PipelineNames.NOISE_HANDSHAKE_HANDLER)).isNull();
            assertThat(channel.pipeline().get(PipelineNames.NOISE_TRANSPORT_HANDLER))
                    .isInstanceOf(NoiseTransportHandler.class);
            assertThat(((FrameDecoder) channel.pipeline().get(PipelineNames.FRAME_DECODER)).maxFrameSize())
                    .isEqualTo(TransportSettings.DEFAULT.maxFrameSize());
        }
        assertThat(peers.server.pipeline().get(PipelineNames.CONNECTION_HEADER_DECODER)).isNull();
    }

    @Test
    void nodesTravelEncryptedBothWays() {
        EmbeddedPeers peers = new EmbeddedPeers().handshake();

        peers.client.writeOutbound(HELLO);
        byte[] wire = peers.toServer();
        peers.server.writeOutbound(Node.of("ping"));
        peers.toClient();

        assertThat(peers.serverSeen.nodes).containsExactly(HELLO);
        assertThat(peers.clientSeen.nodes).containsExactly(Node.of("ping"));
        // 3-byte frame header + the 27-byte node + the 16-byte tag, and no plaintext on the wire.
        assertThat(wire).hasSize(46).startsWith(0x00, 0x00, 0x2B);
        assertThat(new String(wire, StandardCharsets.ISO_8859_1)).doesNotContain("hello");
    }

    @Test
    void aNodeSentRightAfterMessageThreeArrivesInTheSameReadAndIsDecrypted() {
        EmbeddedPeers peers = new EmbeddedPeers();
        peers.toServer();
        peers.toClient();
        peers.client.writeOutbound(HELLO);  // queued behind message 3: the server reads both at once
        peers.toServer();

        assertThat(peers.serverSeen.handshakes).hasSize(1);
        assertThat(peers.serverSeen.nodes).containsExactly(HELLO);
    }

    @Test
    void tamperedCiphertextClosesTheConnectionWithDecryptFailed() {
        EmbeddedPeers peers = new EmbeddedPeers().handshake();
        peers.client.writeOutbound(HELLO);
        byte[] wire = EmbeddedPeers.drain(peers.client);
        wire[wire.length - 1] ^= 0x01;

        peers.server.writeInbound(EmbeddedPeers.buffer(wire));

        assertThat(peers.serverSeen.nodes).isEmpty();
        assertThat(peers.serverErrors.count(ErrorCode.DECRYPT_FAILED)).isEqualTo(1);
        peers.toClient();
        assertThat(peers.server.isActive()).isFalse();
        assertThat(peers.clientSeen.nodes).singleElement().satisfies(error -> {
            assertThat(error.tag()).isEqualTo("error");
            assertThat(error.attr("code")).isEqualTo("1007");
        });
    }

    @Test
    void malformedNodeIsAnsweredWithAnErrorStanzaThenTheConnectionCloses() {
        EmbeddedPeers peers = new EmbeddedPeers().handshake();
        // Written below the node encoder, so the 0xFF byte (reserved) is encrypted and framed as it is.
        peers.client.pipeline().context(PipelineNames.NODE_DECODER).writeAndFlush(new byte[] {(byte) 0xFF});
        peers.toServer();
        peers.toClient();

        assertThat(peers.serverErrors.count(ErrorCode.MALFORMED_NODE)).isEqualTo(1);
        assertThat(peers.server.isActive()).isFalse();
        assertThat(peers.clientSeen.nodes).containsExactly(
                ConnectionErrorHandler.errorNode(1003, ErrorCode.MALFORMED_NODE.reason()));
    }

    @Test
    void wrongMagicClosesWithoutAReply() {
        EmbeddedPeers peers = new EmbeddedPeers();
        peers.server.writeInbound(EmbeddedPeers.buffer("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII)));

        assertThat(peers.server.isActive()).isFalse();
        assertThat(peers.serverErrors.count(ErrorCode.MALFORMED_FRAME)).isEqualTo(1);
        assertThat(EmbeddedPeers.drain(peers.server)).isEmpty();
    }

    @Test
    void otherProtocolVersionClosesWithUnsupportedVersion() {
        EmbeddedPeers peers = new EmbeddedPeers();
        peers.server.writeInbound(EmbeddedPeers.buffer(TestBytes.of(0x53, 0x42, 0x02, 0x01)));

        assertThat(peers.server.isActive()).isFalse();
        assertThat(peers.serverErrors.count(ErrorCode.UNSUPPORTED_VERSION)).isEqualTo(1);
    }

    @Test
    void messageOneWithAPayloadIsRefused() {
        EmbeddedPeers peers = new EmbeddedPeers();
        byte[] header = ConnectionHeader.CURRENT.toBytes();
        byte[] message1WithPayload = new byte[33];
        peers.server.writeInbound(EmbeddedPeers.buffer(TestBytes.concat(header, TestBytes.of(0x00, 0x00, 0x21),
                message1WithPayload)));

        assertThat(peers.server.isActive()).isFalse();
        assertThat(peers.serverErrors.count(ErrorCode.HANDSHAKE_FAILED)).isEqualTo(1);
        assertThat(EmbeddedPeers.drain(peers.server)).as("no message 2").isEmpty();
    }

    @Test
    void largeFrameDuringTheHandshakeClosesWithFrameTooLarge() {
        EmbeddedPeers peers = new EmbeddedPeers();
        byte[] header = ConnectionHeader.CURRENT.toBytes();
        // 4,097 bytes announced: over the 4 KiB handshake maximum, though far under the 1 MiB frame maximum.
        peers.server.writeInbound(EmbeddedPeers.buffer(TestBytes.concat(header, TestBytes.of(0x00, 0x10, 0x01))));

        assertThat(peers.server.isActive()).isFalse();
        assertThat(peers.serverErrors.count(ErrorCode.FRAME_TOO_LARGE)).isEqualTo(1);
    }

    @Test
    void oversizeFrameAfterTheHandshakeClosesWithFrameTooLarge() {
        EmbeddedPeers peers = new EmbeddedPeers().handshake();
        peers.server.writeInbound(EmbeddedPeers.buffer(TestBytes.of(0x10, 0x00, 0x01)));

        assertThat(peers.server.isActive()).isFalse();
        assertThat(peers.serverErrors.count(ErrorCode.FRAME_TOO_LARGE)).isEqualTo(1);
    }

    @Test
    void handshakeThatDoesNotFinishInTimeIsClosed() {
        EmbeddedPeers peers = new EmbeddedPeers();
        peers.server.writeInbound(EmbeddedPeers.buffer(ConnectionHeader.CURRENT.toBytes()));

        peers.server.advanceTimeBy(9, TimeUnit.SECONDS);
        peers.server.runScheduledPendingTasks();
        assertThat(peers.server.isActive()).isTrue();
        peers.server.advanceTimeBy(2, TimeUnit.SECONDS);
        peers.server.runScheduledPendingTasks();

        assertThat(peers.server.isActive()).isFalse();
        assertThat(peers.serverErrors.count(ErrorCode.HANDSHAKE_FAILED)).isEqualTo(1);
    }

    @Test
    void clientRefusesAServerKeyOtherThanThePinnedOne() {
        EmbeddedPeers peers = new EmbeddedPeers(TransportSettings.DEFAULT,
                EmbeddedPeers.X25519.generateKeyPair().publicKey());
        peers.toServer();
        peers.toClient();

        assertThat(peers.client.isActive()).isFalse();
        assertThat(peers.clientErrors.count(ErrorCode.HANDSHAKE_FAILED)).isEqualTo(1);
        assertThat(EmbeddedPeers.drain(peers.client)).as("no message 3").isEmpty();
    }

    @Test
    void applicationWritesBeforeTheHandshakeCompletesFail() {
        EmbeddedPeers peers = new EmbeddedPeers();
        var future = peers.client.writeAndFlush(HELLO);

        assertThat(future.cause()).isInstanceOf(IllegalStateException.class);
        EmbeddedPeers.drain(peers.client);
    }

    @Test
    void closeWithErrorSendsTheErrorStanzaOnceTheTransportIsUp() {
        EmbeddedPeers peers = new EmbeddedPeers().handshake();
        ConnectionErrorHandler.closeWithError(peers.server, 409, "replaced by a new login");
        peers.toClient();

        assertThat(peers.server.isActive()).isFalse();
        assertThat(peers.clientSeen.nodes).containsExactly(
                ConnectionErrorHandler.errorNode(409, "replaced by a new login"));
    }
}

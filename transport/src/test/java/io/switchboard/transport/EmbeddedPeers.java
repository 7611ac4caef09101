// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.switchboard.protocol.node.Node;
import io.switchboard.protocol.noise.JdkX25519;
import io.switchboard.protocol.noise.X25519;
import io.switchboard.protocol.noise.X25519KeyPair;

import java.util.ArrayList;
import java.util.List;

/**
 * A server pipeline and a client pipeline on two {@link EmbeddedChannel}s, built the way real initializers build
 * them, with a recording handler in the session slot; {@link #toServer()} and {@link #toClient()} carry the bytes
 * one side wrote to the other, in one read.
 */
final class EmbeddedPeers {
    static final X25519 X25519 = new JdkX25519();
    static final Node LOGIN = Node.of("login");

    final X25519KeyPair serverKey = X25519.generateKeyPair();
    final X25519KeyPair clientKey = X25519.generateKeyPair();
    final ConnectionErrorHandler serverErrors = new ConnectionErrorHandler();
    final ConnectionErrorHandler clientErrors = new ConnectionErrorHandler();
    final Recorder serverSeen = new Recorder();
    final Recorder clientSeen = new Recorder();
    final EmbeddedChannel server;
    final EmbeddedChannel client;

    EmbeddedPeers(TransportSettings settings, byte[] pinnedServerKey) {
        server = new EmbeddedChannel();
        server.pipeline()
                .addLast(PipelineNames.CONNECTION_HEADER_DECODER, new ConnectionHeaderDecoder())
                .addLast(PipelineNames.FRAME_DECODER, new FrameDecoder(settings.handshakeMaxFrameSize()))
                .addLast(PipelineNames.FRAME_ENCODER, new FrameEncoder(settings.maxFrameSize()))
                .addLast(PipelineNames.NOISE_HANDSHAKE_HANDLER,
                        NoiseHandshakeHandler.responder(X25519, serverKey, settings))
                .addLast(PipelineNames.NODE_DECODER, new NodeFrameDecoder(settings.nodeLimits()))
                .addLast(PipelineNames.NODE_ENCODER, new NodeFrameEncoder())
                .addLast(PipelineNames.SESSION_HANDLER, serverSeen)
                .addLast(PipelineNames.CONNECTION_ERROR_HANDLER, serverErrors);
        client = new EmbeddedChannel();
        client.pipeline()
                .addLast(PipelineNames.FRAME_DECODER, new FrameDecoder(settings.handshakeMaxFrameSize()))
                .addLast(PipelineNames.FRAME_ENCODER, new FrameEncoder(settings.maxFrameSize()))
                .addLast(PipelineNames.NOISE_HANDSHAKE_HANDLER,
                        NoiseHandshakeHandler.initiator(X25519, clientKey, LOGIN, pinnedServerKey, settings))
                .addLast(PipelineNames.NODE_DECODER, new NodeFrameDecoder(settings.nodeLimits()))
                .addLast(PipelineNames.NODE_ENCODER, new NodeFrameEncoder())
                .addLast(PipelineNames.SESSION_HANDLER, clientSeen)
                .addLast(PipelineNames.CONNECTION_ERROR_HANDLER, clientErrors);
    }

    EmbeddedPeers() {
        this(TransportSettings.DEFAULT, null);
    }

    /** Runs the handshake to completion on both sides. */
    EmbeddedPeers handshake() {
        toServer();  // header + message 1
        toClient();  // message 2
        toServer();  // message 3
        return this;
    }

    /** Delivers everything the client has written to the server, as one read; returns those bytes. */
    byte[] toServer() {
        return carry(client, server);
    }

    /** Delivers everything the server has written to the client, as one read; returns those bytes. */
    byte[] toClient() {
        return carry(server, client);
    }

    /** Everything {@code channel} has written so far, taken out of its outbound queue. */
    static byte[] drain(EmbeddedChannel channel) {
        List<byte[]> parts = new ArrayList<>();
        for (Object out; (out = channel.readOutbound()) != null; ) {
            parts.add(TestBytes.readAll(out));
        }
        return TestBytes.concat(parts.toArray(new byte[0][]));
    }

    private static byte[] carry(EmbeddedChannel from, EmbeddedChannel to) {
        byte[] bytes = drain(from);
        if (bytes.length > 0 && to.isActive()) {
            to.writeInbound(Unpooled.wrappedBuffer(bytes));
        }
        return bytes;
    }

    /** Records what reaches the session slot: handshake events and nodes. */
    static final class Recorder extends ChannelInboundHandlerAdapter {
        final List<HandshakeCompleted> handshakes = new ArrayList<>();
        final List<Node> nodes = new ArrayList<>();

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof HandshakeCompleted done) {
                handshakes.add(done);
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Node node) {
                nodes.add(node);
            } else {
                ctx.fireChannelRead(msg);
            }
        }
    }

    static ByteBuf buffer(byte[] bytes) {
        return Unpooled.wrappedBuffer(bytes);
    }
}

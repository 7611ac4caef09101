// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.transport;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.switchboard.protocol.noise.X25519;
import io.switchboard.protocol.noise.X25519KeyPair;
import io.switchboard.server.session.OutboundWatchHandler;
import io.switchboard.server.session.SessionContext;
import io.switchboard.server.session.SessionHandler;
import io.switchboard.transport.ConnectionErrorHandler;
import io.switchboard.transport.ConnectionHeaderDecoder;
import io.switchboard.transport.FrameDecoder;
import io.switchboard.transport.FrameEncoder;
import io.switchboard.transport.NodeFrameDecoder;
import io.switchboard.transport.NodeFrameEncoder;
import io.switchboard.transport.NoiseHandshakeHandler;
import io.switchboard.transport.TransportSettings;

import static io.switchboard.transport.PipelineNames.CONNECTION_ERROR_HANDLER;
import static io.switchboard.transport.PipelineNames.CONNECTION_HEADER_DECODER;
import static io.switchboard.transport.PipelineNames.FRAME_DECODER;
import static io.switchboard.transport.PipelineNames.FRAME_ENCODER;
import static io.switchboard.transport.PipelineNames.IDLE_STATE_HANDLER;
import static io.switchboard.transport.PipelineNames.NODE_DECODER;
import static io.switchboard.transport.PipelineNames.NODE_ENCODER;
import static io.switchboard.transport.PipelineNames.OUTBOUND_WATCH_HANDLER;
import static io.switchboard.transport.PipelineNames.HANDSHAKE_ADMISSION;
import static io.switchboard.transport.PipelineNames.SESSION_HANDLER;

/**
 * Builds a client connection's whole pipeline, in the order bytes travel: the outbound watch (nearest the socket, so
 * it counts the bytes that really left), idle detection (a silent or half-open
 * connection), connection header, frames (4 KiB until the handshake is done), admission to the node's bounded
 * handshakes ({@link HandshakeGate}), which adds the Noise handshake (which puts the transport cipher in its own
 * place when done), nodes, the session, and last the one handler that closes this
 * connection, and only this one, on an error. Every channel joins the listener's group, so shutdown reaches all.
 */
final class SwitchboardChannelInitializer extends ChannelInitializer<SocketChannel> {
    private final TransportSettings transport;
    private final X25519 x25519;
    private final X25519KeyPair serverKey;
    private final SessionContext sessions;
    private final ConnectionErrorHandler errors;
    private final ChannelGroup channels;
    private final HandshakeGate handshakes;
    private final AdmissionSettings admission;
    private final PendingByAddress pending;
    private final AdmissionRefusals refusals;

    SwitchboardChannelInitializer(TransportSettings transport, X25519 x25519, X25519KeyPair serverKey,
                                  SessionContext sessions, ConnectionErrorHandler errors, ChannelGroup channels,
                                  HandshakeGate handshakes, AdmissionSettings admission, AdmissionRefusals refusals) {
        this.admission = admission;
        this.refusals = refusals;
        this.pending = new PendingByAddress(admission.maxPendingPerAddress());
        this.channels = channels;
        this.handshakes = handshakes;
        this.transport = transport;
        this.x25519 = x25519;
        this.serverKey = serverKey;
        this.sessions = sessions;
        this.errors = errors;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        channels.add(channel);
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast(OUTBOUND_WATCH_HANDLER, new OutboundWatchHandler(sessions.settings().maxOutboundBytes(),
                sessions.settings().slowConsumerTimeout()));
        pipeline.addLast(IDLE_STATE_HANDLER, new IdleStateHandler(
                sessions.settings().idleTimeout().toMillis(), 0, 0, java.util.concurrent.TimeUnit.MILLISECONDS));
        pipeline.addLast(CONNECTION_HEADER_DECODER, new ConnectionHeaderDecoder());
        pipeline.addLast(FRAME_DECODER, new FrameDecoder(transport.handshakeMaxFrameSize()));
        pipeline.addLast(FRAME_ENCODER, new FrameEncoder(transport.maxFrameSize()));
        // The Noise handshake handler goes in front of the admission handler once the gate admits the connection.
        channel.config().setAutoRead(false);
        pipeline.addLast(HANDSHAKE_ADMISSION, new HandshakeAdmission(handshakes,
                () -> NoiseHandshakeHandler.responder(x25519, serverKey, transport), pending, admission, refusals));
        pipeline.addLast(NODE_DECODER, new NodeFrameDecoder(transport.nodeLimits()));
        pipeline.addLast(NODE_ENCODER, new NodeFrameEncoder());
        pipeline.addLast(SESSION_HANDLER, new SessionHandler(sessions));
        pipeline.addLast(CONNECTION_ERROR_HANDLER, errors);
    }
}

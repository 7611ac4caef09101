// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.timeout.IdleStateHandler;
import io.switchboard.protocol.node.Node;
import io.switchboard.protocol.noise.X25519;
import io.switchboard.protocol.noise.X25519KeyPair;
import io.switchboard.transport.ConnectionErrorHandler;
import io.switchboard.transport.FrameDecoder;
import io.switchboard.transport.FrameEncoder;
import io.switchboard.transport.NodeFrameDecoder;
import io.switchboard.transport.NodeFrameEncoder;
import io.switchboard.transport.NoiseHandshakeHandler;
import io.switchboard.transport.PipelineNames;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Builds a client connection's pipeline, in the order bytes travel; one per connection attempt, since a failed
 * attempt's pipeline keeps its handlers. The client writes the connection header itself
 * (in the handshake handler), so there is no header decoder.
 */
final class ClientChannelInitializer extends ChannelInitializer<Channel> {
    private final ConnectionSettings settings;
    private final X25519 x25519;
    private final X25519KeyPair deviceKey;
    private final Node hello;
    private final byte[] pinnedServerKey;
    private final SwitchboardConnection connection;
    private final CompletableFuture<Node> firstReply;
    private final ConnectionErrorHandler errors;
    private final Consumer<WireEvent> wireListener;

    /** @param wireListener told of every node after the handshake, or {@code null} to add no tap */
    ClientChannelInitializer(ConnectionSettings settings, X25519 x25519, X25519KeyPair deviceKey, Node hello,
            byte[] pinnedServerKey, SwitchboardConnection connection, CompletableFuture<Node> firstReply,
            ConnectionErrorHandler errors, Consumer<WireEvent> wireListener) {
        this.settings = settings;
        this.x25519 = x25519;
        this.deviceKey = deviceKey;
        this.hello = hello;
        this.pinnedServerKey = pinnedServerKey;
        this.connection = connection;
        this.firstReply = firstReply;
        this.errors = errors;
        this.wireListener = wireListener;
    }

    @Override
    protected void initChannel(Channel channel) {
        long ping = settings.pingInterval().toMillis();
        channel.pipeline()
                .addLast(PipelineNames.IDLE_STATE_HANDLER, new IdleStateHandler(2 * ping, ping, 0,
                        TimeUnit.MILLISECONDS))
                .addLast(PipelineNames.FRAME_DECODER, new FrameDecoder(settings.transport().handshakeMaxFrameSize()))
                .addLast(PipelineNames.FRAME_ENCODER, new FrameEncoder(settings.transport().maxFrameSize()))
                .addLast(PipelineNames.NOISE_HANDSHAKE_HANDLER,
                        NoiseHandshakeHandler.initiator(x25519, deviceKey, hello, pinnedServerKey,
                                settings.transport()))
                .addLast(PipelineNames.NODE_DECODER, new NodeFrameDecoder(settings.transport().nodeLimits()))
                .addLast(PipelineNames.NODE_ENCODER, new NodeFrameEncoder());
        if (wireListener != null) {
            channel.pipeline().addLast(PipelineNames.WIRE_TAP_HANDLER, new WireTapHandler(wireListener));
        }
        channel.pipeline()
                .addLast(PipelineNames.SESSION_HANDLER, new ConnectionHandler(connection, firstReply))
                .addLast(PipelineNames.CONNECTION_ERROR_HANDLER, errors);
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.switchboard.protocol.node.Node;
import io.switchboard.protocol.node.NodeEncoder;
import io.switchboard.protocol.node.TokenDictionary;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;

/**
 * Reports every node between the node codec and the session handler, in both directions, with the size of its
 * frame. It sits in the pipeline only when someone listens ({@link SwitchboardClient#onWire}), so a client without
 * listeners pays nothing. The size comes from encoding the node again with the codec the pipeline uses; the encoding
 * is deterministic, so it is the size the frame has on the wire. A listener that throws is logged at DEBUG and the
 * node passes on unchanged. Confined to the channel's event loop.
 */
final class WireTapHandler extends ChannelDuplexHandler {
    private static final Logger log = LoggerFactory.getLogger(WireTapHandler.class);

    private final NodeEncoder encoder = new NodeEncoder(TokenDictionary.standard());
    private final Consumer<WireEvent> listener;

    WireTapHandler(Consumer<WireEvent> listener) {
        this.listener = listener;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Node node) {
            report(WireEvent.Direction.RECEIVED, node);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof Node node) {
            report(WireEvent.Direction.SENT, node);
        }
        ctx.write(msg, promise);
    }

    private void report(WireEvent.Direction direction, Node node) {
        try {
            listener.accept(new WireEvent(direction, node, WireEvent.frameSize(encoder.encode(node).length)));
        } catch (RuntimeException e) {
            // An observer must not change what the connection does; the node the encoder refuses fails its own write.
            log.debug("wire listener failed: {}", e.toString());
        }
    }
}

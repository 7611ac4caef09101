// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.session;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.switchboard.protocol.node.Node;
import io.switchboard.transport.HandshakeCompleted;

/**
 * The last application handler of a client connection: hands the handshake result and each decoded stanza to the
 * connection's {@link Session}, on the channel's event loop. Exceptions travel on to the pipeline's connection
 * error handler, which closes this connection only.
 */
public final class SessionHandler extends ChannelInboundHandlerAdapter {
    private final SessionContext shared;
    private Session session;

    public SessionHandler(SessionContext shared) {
        this.shared = shared;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        session = new Session(shared, ctx.channel());
        shared.metrics().connectionOpened();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof HandshakeCompleted done) {
            session.onHandshakeCompleted(done.remoteStaticKey(), done.payload().orElse(null));
        } else if (event instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE) {
            session.onIdle();
        } else if (event instanceof OutboundWatchHandler.Stalled stalled) {
            session.onStalled(stalled.pendingBytes(), stalled.stalledFor());
        } else {
            super.userEventTriggered(ctx, event);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof Node node) {
            session.onStanza(node);
        } else {
            super.channelRead(ctx, msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        session.onClosed();
        shared.metrics().connectionClosed();
        super.channelInactive(ctx);
    }
}

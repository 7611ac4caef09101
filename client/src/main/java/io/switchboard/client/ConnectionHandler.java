// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;

import io.switchboard.protocol.node.Node;
import io.switchboard.transport.HandshakeCompleted;
import io.switchboard.transport.PipelineNames;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The session slot of a client pipeline: resolves the connect future with the server's first node, hands later
 * nodes to the {@link SwitchboardConnection.Listener}, answers server pings, sends keepalive pings, remembers the
 * server's {@code <error>} so the close can report its code. Confined to the channel's event loop.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {
    /** Keepalive ids start with a letter the SDK's own ids (lower-case hex) never use. */
    private static final String PING_ID_PREFIX = "k";

    private final SwitchboardConnection connection;
    private final CompletableFuture<Node> firstReply;
    private long pings;
    private ConnectionClosed serverError;

    ConnectionHandler(SwitchboardConnection connection, CompletableFuture<Node> firstReply) {
        this.connection = connection;
        this.firstReply = firstReply;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof HandshakeCompleted done) {
            connection.onHandshake(done.remoteStaticKey());
        } else if (evt instanceof IdleStateEvent idle && firstReply.isDone()) {
            if (idle.state() == IdleState.WRITER_IDLE) {
                ctx.writeAndFlush(Node.builder("iq").attr("id", PING_ID_PREFIX + Long.toHexString(++pings))
                        .attr("type", "get").child(Node.of("ping")).build());
            } else if (idle.state() == IdleState.READER_IDLE) {
                serverError = new ConnectionClosed(ConnectionClosed.NO_ERROR, "the server stopped answering");
                ctx.close();
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Node node)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (node.tag().equals("error")) {
            // The reason, should the server close now. An error naming the stanza it answers (PROTOCOL.md §11.6,
            // class = that stanza's tag) may also leave the connection open: the application hears of it then.
            serverError = new ConnectionClosed(parseCode(node.attr("code")), String.valueOf(node.attr("text")));
            if (node.attr("class") != null && firstReply.isDone()) {
                connection.onNode(node);
            }
            return;
        }
        if (!firstReply.isDone()) {
            adoptPingInterval(ctx, node);
            firstReply.complete(node);
            return;
        }
        if (node.tag().equals("iq")) {
            String id = node.attr("id");
            String type = node.attr("type");
            if ("get".equals(type) && node.child("ping") != null && id != null) {
                ctx.writeAndFlush(Node.builder("iq").attr("id", id).attr("type", "result").build());
                return;
            }
            if ("result".equals(type) && id != null && id.startsWith(PING_ID_PREFIX)) {
                return;
            }
        }
        connection.onNode(node);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        connection.onWritabilityChanged(ctx.channel().isWritable());
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ConnectionClosed closed = serverError != null ? serverError
                : new ConnectionClosed(ConnectionClosed.NO_ERROR, "connection closed");
        if (!firstReply.isDone()) {
            firstReply.completeExceptionally(new ConnectionFailedException(
                    "the connection closed before the server's first reply: " + closed.reason()
                            + (closed.hasError() ? " (" + closed.errorCode() + ")" : ""), closed, null));
        }
        connection.onClosed(closed);
        ctx.fireChannelInactive();
    }

    private static int parseCode(String code) {
        try {
            return code == null ? ConnectionClosed.NO_ERROR : Integer.parseInt(code);
        } catch (NumberFormatException e) {
            return ConnectionClosed.NO_ERROR;
        }
    }

    /**
     * The login reply announces how often the server wants a ping ({@code ping}, seconds; PROTOCOL.md §12.2): ping
     * at least that often, so the server's idle limit never closes a live connection.
     */
    private void adoptPingInterval(ChannelHandlerContext ctx, Node reply) {
        String announced = reply.attr("ping");
        if (announced == null || !announced.matches("[1-9][0-9]{0,5}")) {
            return;
        }
        long serverMillis = Long.parseLong(announced) * 1000;
        if (ctx.pipeline().get(PipelineNames.IDLE_STATE_HANDLER) instanceof IdleStateHandler current
                && serverMillis < current.getWriterIdleTimeInMillis()) {
            ctx.pipeline().replace(PipelineNames.IDLE_STATE_HANDLER, PipelineNames.IDLE_STATE_HANDLER,
                    new IdleStateHandler(2 * serverMillis, serverMillis, 0, TimeUnit.MILLISECONDS));
        }
    }
}

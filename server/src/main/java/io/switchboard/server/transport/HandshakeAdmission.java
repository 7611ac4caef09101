// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.transport;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.switchboard.transport.HandshakeCompleted;
import io.switchboard.transport.PipelineNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One connection's place in the {@link HandshakeGate}. The channel starts with auto-read off and no handshake
 * handler, so a waiting connection costs no CPU and its timeout has not started. Once admitted (on its own event
 * loop) the Noise handshake handler goes in just before this one and reading starts; when the handshake completes,
 * or the connection closes, the slot is freed and this handler leaves the pipeline.
 *
 * <p>It sits after the handshake handler because {@link HandshakeCompleted} travels forward from there.
 */
final class HandshakeAdmission extends ChannelInboundHandlerAdapter implements HandshakeGate.Ticket {
    /** Message 1 is the only frame a client may send before the server answers. */
    private static final int MAX_EARLY_FRAMES = 1;
    private static final Logger events = LoggerFactory.getLogger("io.switchboard.events");

    private final HandshakeGate gate;
    private final Supplier<ChannelHandler> handshake;
    private ChannelHandlerContext ctx;
    private boolean holding; // event loop only
    private final List<Object> early = new ArrayList<>(1); // event loop only

    HandshakeAdmission(HandshakeGate gate, Supplier<ChannelHandler> handshake) {
        this.gate = gate;
        this.handshake = handshake;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.fireChannelActive();
        if (!gate.arrive(this)) {
            // Nothing can be said in clear before the handshake; the client's backoff spreads its retry.
            events.info("refused {}: the handshake queue is full", ctx.channel().remoteAddress());
            ctx.close();
        }
    }

    @Override
    public void admit() {
        if (ctx.executor().inEventLoop()) {
            start();
        } else {
            ctx.executor().execute(this::start);
        }
    }

    private void start() {
        if (!ctx.channel().isActive() || ctx.isRemoved()) {
            gate.release();
            return;
        }
        holding = true;
        ChannelHandler handler = handshake.get();
        ctx.pipeline().addBefore(ctx.name(), PipelineNames.NOISE_HANDSHAKE_HANDLER, handler);
        ChannelHandlerContext handlerContext = ctx.pipeline().context(handler);
        for (Object frame : early) {
            try {
                ((io.netty.channel.ChannelInboundHandler) handler).channelRead(handlerContext, frame);
            } catch (Exception e) {
                handlerContext.fireExceptionCaught(e);
            }
        }
        early.clear();
        ctx.channel().config().setAutoRead(true);
    }

    /**
     * Before admission the transport may still read once (the epoll transport reads what arrived with the
     * connection even with auto-read off): the connection header and message 1, which a client sends at once. They
     * wait here and go to the handshake handler on admission. A client that sends more before its answer breaks the
     * protocol and is closed; one that gives up (closes) is closed by the transport at the end of input, so its place
     * in the queue costs no handshake later.
     */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (holding) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (early.size() >= MAX_EARLY_FRAMES) {
            events.info("closed {}: a second frame before the handshake was admitted ({})",
                    ctx.channel().remoteAddress(), msg.getClass().getSimpleName());
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        early.add(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof HandshakeCompleted) {
            releaseSlot();
            ctx.pipeline().remove(this);
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        early.forEach(ReferenceCountUtil::release);
        early.clear();
        releaseSlot();
        ctx.fireChannelInactive();
    }

    private void releaseSlot() {
        if (holding) {
            holding = false;
            gate.release();
        }
    }
}

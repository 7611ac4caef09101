// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.transport;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.switchboard.transport.HandshakeCompleted;
import io.switchboard.transport.PipelineNames;

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

    private final HandshakeGate gate;
    private final Supplier<ChannelHandler> handshake;
    private ChannelHandlerContext ctx;
    private boolean holding; // event loop only
    private boolean admittedAndDone; // event loop only

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
        ctx.pipeline().addBefore(ctx.name(), PipelineNames.NOISE_HANDSHAKE_HANDLER, handshake.get());
        ctx.channel().config().setAutoRead(true);
    }

    /**
     * Before admission nothing is read, except when the client half-closes: the transport then reads what was
     * buffered to reach the end of input. Such a client gave up waiting (its own handshake timeout); it is closed
     * here, so that its place in the queue costs no handshake later.
     */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (holding || admittedAndDone) {
            ctx.fireChannelRead(msg);
            return;
        }
        ReferenceCountUtil.release(msg);
        ctx.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof HandshakeCompleted) {
            releaseSlot();
            admittedAndDone = true;
            ctx.pipeline().remove(this);
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
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

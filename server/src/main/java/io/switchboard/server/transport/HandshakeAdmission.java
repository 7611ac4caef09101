// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.transport;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
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

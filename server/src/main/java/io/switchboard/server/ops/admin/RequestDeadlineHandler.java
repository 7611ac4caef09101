// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.ops.admin;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The two clocks of an admin connection, so that a client that sends a request slowly (slowloris: one header line
 * every few seconds) or opens a connection and sends nothing holds it only briefly. Waiting for a request, the idle
 * clock runs; from the first byte of a request until it has been read whole, the request clock runs (it does not
 * restart on each byte, so a trickle cannot stretch it); while the answer is prepared neither does, the answer
 * being bounded by {@link AdminLanes}. The request clock ends with 408 and close, the idle clock with close.
 * Sits first in the pipeline, before the codec; confined to the channel's event loop.
 */
final class RequestDeadlineHandler extends ChannelDuplexHandler {
    private enum State { IDLE, READING, ANSWERING }

    private final AdminBounds bounds;
    private State state = State.IDLE;
    private ScheduledFuture<?> clock;

    RequestDeadlineHandler(AdminBounds bounds) {
        this.bounds = bounds;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        start(ctx, bounds.idleTimeout(), false);
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (state == State.IDLE && msg instanceof ByteBuf bytes && bytes.isReadable()) {
            state = State.READING;
            start(ctx, bounds.requestTimeout(), true);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == AdminEvents.REQUEST_READ) {
            state = State.ANSWERING;
            stop();
        } else if (evt == AdminEvents.ANSWERED) {
            state = State.IDLE;
            start(ctx, bounds.idleTimeout(), false);
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        stop();
        super.channelInactive(ctx);
    }

    private void start(ChannelHandlerContext ctx, Duration timeout, boolean request) {
        stop();
        clock = ctx.executor().schedule(() -> expire(ctx, timeout, request), timeout.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void stop() {
        if (clock != null) {
            clock.cancel(false);
            clock = null;
        }
    }

    private void expire(ChannelHandlerContext ctx, Duration timeout, boolean request) {
        clock = null;
        if (!request) {
            ctx.close();
            return;
        }
        // No answer is in flight while reading, so the 408 cannot interleave with another response.
        FullHttpResponse timedOut = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.REQUEST_TIMEOUT, Unpooled.copiedBuffer("the request was not complete within "
                + timeout.toMillis() + " ms of its first byte\n", StandardCharsets.UTF_8));
        timedOut.headers().set(HttpHeaderNames.CONTENT_TYPE, AdminResponse.TEXT)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, timedOut.content().readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.channel().writeAndFlush(timedOut).addListener(ChannelFutureListener.CLOSE);
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The first handler from the socket: counts the bytes the channel has written to its socket, and tells the session
 * ({@link Stalled}, a user event travelling inbound) when more than {@code maxPendingBytes} have waited to be
 * written for a whole {@code timeout} without one byte of them leaving. A client that reads at any speed keeps
 * the count moving and is never cut off however much is queued for it; only one that stopped reading is. Touched
 * only on the channel's event loop.
 */
public final class OutboundWatchHandler extends ChannelOutboundHandlerAdapter {

    /** Nothing left for the socket in {@code stalledFor} while {@code pendingBytes} waited to be written. */
    public record Stalled(long pendingBytes, Duration stalledFor) {
    }

    private final long maxPendingBytes;
    private final Duration timeout;
    /** Bytes of the writes the socket has taken completely. */
    private long completed;
    private boolean armed;
    private long writtenWhenArmed;

    public OutboundWatchHandler(long maxPendingBytes, Duration timeout) {
        this.maxPendingBytes = maxPendingBytes;
        this.timeout = timeout;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf buf && buf.isReadable()) {
            int size = buf.readableBytes();
            // The void promise the session writes with cannot take a listener; unvoid() keeps its error handling.
            ChannelPromise counted = promise.unvoid();
            counted.addListener(done -> {
                if (done.isSuccess()) {
                    completed += size;
                }
            });
            ctx.write(msg, counted);
        } else {
            ctx.write(msg, promise);
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        ctx.flush();
        if (!armed && pending(ctx) > maxPendingBytes) {
            arm(ctx);
        }
    }

    private void arm(ChannelHandlerContext ctx) {
        armed = true;
        writtenWhenArmed = written(ctx);
        ctx.executor().schedule(() -> check(ctx), timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void check(ChannelHandlerContext ctx) {
        armed = false;
        long pending = pending(ctx);
        if (!ctx.channel().isActive() || pending <= maxPendingBytes) {
            return; // drained below the bound: the next flush above it starts a new watch
        }
        if (written(ctx) != writtenWhenArmed) {
            arm(ctx); // still above the bound, but reading: watch the next interval
            return;
        }
        ctx.fireUserEventTriggered(new Stalled(pending, timeout));
    }

    /** Bytes written to the socket so far, including the written part of a write still under way. */
    private long written(ChannelHandlerContext ctx) {
        ChannelOutboundBuffer buffer = ctx.channel().unsafe().outboundBuffer();
        return completed + (buffer == null ? 0 : buffer.currentProgress());
    }

    private static long pending(ChannelHandlerContext ctx) {
        ChannelOutboundBuffer buffer = ctx.channel().unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }
}

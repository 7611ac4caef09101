// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.transport;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.switchboard.server.transport.AdmissionRefusals.Reason;
import io.switchboard.transport.HandshakeCompleted;
import io.switchboard.transport.HandshakeTimeoutException;
import io.switchboard.transport.PipelineNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One connection's place in the {@link HandshakeGate}. The channel starts with auto-read off and no handshake
 * handler, so a waiting connection costs no CPU and its timeout has not started. Once admitted (on its own event
 * loop) the Noise handshake handler goes in just before this one and reading starts; when the handshake completes,
 * or the connection closes, the slot is freed and this handler leaves the pipeline.
 *
 * <p>Bounds, so that one address cannot starve everyone else's logins: at most
 * {@link AdmissionSettings#maxPendingPerAddress()} connections from one source (IPv4 address or IPv6 /64) between
 * connecting and finishing the handshake (past that a new one is closed at once); a queued connection waits at most
 * {@link AdmissionSettings#queueTimeout()}; an admitted one must send Noise message 1 within
 * {@link AdmissionSettings#firstMessageTimeout()} (a silent connection gives its slot back long before the whole
 * handshake's timeout). The first-message deadline starts at admission, because a queued connection's bytes are not
 * read yet. Each such close is counted by reason in {@link AdmissionRefusals}.
 *
 * <p>It sits after the handshake handler because {@link HandshakeCompleted} travels forward from there.
 */
final class HandshakeAdmission extends ChannelInboundHandlerAdapter implements HandshakeGate.Ticket {
    /** Message 1 is the only frame a client may send before the server answers. */
    private static final int MAX_EARLY_FRAMES = 1;
    private static final Logger events = LoggerFactory.getLogger("io.switchboard.events");
    /** For tests that exercise only the gate: no per-address cap, and deadlines no test reaches. */
    private static final AdmissionSettings UNBOUNDED = new AdmissionSettings(Integer.MAX_VALUE, Duration.ofHours(1),
            Duration.ofHours(1));

    private final HandshakeGate gate;
    private final Supplier<ChannelHandler> handshake;
    private final PendingByAddress pending;
    private final AdmissionSettings settings;
    private final AdmissionRefusals refusals;
    private ChannelHandlerContext ctx;
    private boolean holding; // event loop only
    private boolean sawFrame; // event loop only
    private String source; // event loop only: the pending count this connection holds, until logged in or closed
    private ScheduledFuture<?> deadline; // event loop only: the queue's, then the first message's
    private final List<Object> early = new ArrayList<>(1); // event loop only

    HandshakeAdmission(HandshakeGate gate, Supplier<ChannelHandler> handshake) {
        this(gate, handshake, new PendingByAddress(Integer.MAX_VALUE), UNBOUNDED, new AdmissionRefusals());
    }

    HandshakeAdmission(HandshakeGate gate, Supplier<ChannelHandler> handshake, PendingByAddress pending,
                       AdmissionSettings settings, AdmissionRefusals refusals) {
        this.gate = gate;
        this.handshake = handshake;
        this.pending = pending;
        this.settings = settings;
        this.refusals = refusals;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.fireChannelActive();
        // Nothing can be said in clear before the handshake; the client's backoff spreads its retry.
        source = pending.tryAcquire(ctx.channel().remoteAddress());
        if (source == null) {
            refuse(Reason.PER_ADDRESS_CAP);
            return;
        }
        // Scheduled before arriving: admission cancels it, on this loop, before the first-message deadline starts.
        deadline = schedule(settings.queueTimeout(), () -> {
            if (!holding) {
                refuse(Reason.QUEUE_TIMEOUT);
            }
        });
        if (!gate.arrive(this)) {
            refuse(Reason.QUEUE_FULL);
        }
    }

    private ScheduledFuture<?> schedule(Duration after, Runnable task) {
        return ctx.executor().schedule(task, after.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void refuse(Reason reason) {
        refusals.refused(reason, ctx.channel().remoteAddress());
        ctx.close();
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
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
        cancelDeadline();
        if (early.isEmpty()) {
            deadline = schedule(settings.firstMessageTimeout(), () -> {
                if (!sawFrame && ctx.channel().isActive()) {
                    refuse(Reason.FIRST_MESSAGE_TIMEOUT);
                }
            });
        }
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
        sawFrame = true;
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
            cancelDeadline();
            ctx.pipeline().remove(this);
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        early.forEach(ReferenceCountUtil::release);
        early.clear();
        cancelDeadline();
        releaseSlot();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof HandshakeTimeoutException) {
            refusals.refused(Reason.HANDSHAKE_TIMEOUT, ctx.channel().remoteAddress());
        }
        ctx.fireExceptionCaught(cause);
    }

    private void releaseSlot() {
        if (source != null) {
            pending.release(source);
            source = null;
        }
        if (holding) {
            holding = false;
            gate.release();
        }
    }
}

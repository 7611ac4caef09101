// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.node.Node;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The one place where a connection ends because of an error; it sits last in the pipeline, so every exception a
 * handler raises arrives here. Each connection's failure is its own: only the failing channel is closed.
 *
 * <ul>
 *   <li>A {@link ProtocolException} whose code is a connection error (1000–1099): once the Noise transport is up,
 *       the peer is told why with a top-level {@code <error code='1003' text='…'/>}, flushed, then the channel
 *       closes; before that, the channel just closes (nothing may travel in clear). Logged at DEBUG without a stack
 *       trace and counted per code: bad input is expected, and must not cost a hostile peer's victim more than
 *       decoding it did.</li>
 *   <li>A {@code ProtocolException} with a stanza code (below 1000) reaching this far is counted and logged at
 *       DEBUG; the connection stays open (the session should have answered it).</li>
 *   <li>An {@link IOException} (reset by peer, broken pipe) is the network's doing: DEBUG, close.</li>
 *   <li>Anything else is a bug: logged once at ERROR with the channel id, counted, then the channel closes.</li>
 * </ul>
 *
 * <p>Only the first error of a channel is acted on; the rest are consequences. Thread-safe and shared by every
 * channel; the counters are per instance, for metrics.
 */
@Sharable
public final class ConnectionErrorHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ConnectionErrorHandler.class);
    private static final AttributeKey<Boolean> CLOSING =
            AttributeKey.valueOf(ConnectionErrorHandler.class, "closing");
    /** How long a closing connection may take to flush its error stanza to a peer that does not read. */
    private static final long ERROR_FLUSH_TIMEOUT_MILLIS = 1000;

    private final Map<ErrorCode, LongAdder> counts = new EnumMap<>(ErrorCode.class);
    private final LongAdder unexpected = new LongAdder();
    private final LongAdder network = new LongAdder();

    public ConnectionErrorHandler() {
        for (ErrorCode code : ErrorCode.values()) {
            counts.put(code, new LongAdder());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Channel channel = ctx.channel();
        ProtocolException protocolError = protocolCause(cause);
        if (protocolError != null && !protocolError.code().closesConnection()) {
            counts.get(protocolError.code()).increment();
            log.debug("connection {}: unanswered stanza error {}: {}", channel.id(), protocolError.code().code(),
                    protocolError.getMessage());
            return;
        }
        if (channel.attr(CLOSING).setIfAbsent(Boolean.TRUE) != null) {
            return;
        }
        if (protocolError != null) {
            counts.get(protocolError.code()).increment();
            log.debug("connection {} closed: {} {}: {}", channel.id(), protocolError.code(),
                    protocolError.code().code(), protocolError.getMessage());
            closeWithError(channel, protocolError.code().code(), protocolError.code().reason());
        } else if (cause instanceof IOException) {
            network.increment();
            log.debug("connection {} closed: {}", channel.id(), cause.toString());
            channel.close();
        } else {
            unexpected.increment();
            log.error("connection {} failed unexpectedly; closing it", channel.id(), cause);
            channel.close();
        }
    }

    /**
     * Ends {@code channel} with {@code <error code='…' text='…'/>} when its transport is up (so the peer learns
     * why), or with a plain close before that. Closes after the flush, or after a second if the peer does not read.
     * Safe from any thread; also for deliberate closes such as a session replaced by a new login (409).
     */
    public static void closeWithError(Channel channel, int code, String text) {
        if (!channel.isActive() || channel.pipeline().get(PipelineNames.NOISE_TRANSPORT_HANDLER) == null) {
            channel.close();
            return;
        }
        channel.writeAndFlush(errorNode(code, text)).addListener(ChannelFutureListener.CLOSE);
        channel.eventLoop().schedule(() -> {
            channel.close();
        }, ERROR_FLUSH_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The top-level error stanza: {@code <error code='1003' text='…'/>}. */
    public static Node errorNode(int code, String text) {
        return Node.builder("error").attr("code", Integer.toString(code)).attr("text", text).build();
    }

    /** How many connections (or stanzas, for stanza codes) ended here with {@code code}. */
    public long count(ErrorCode code) {
        return counts.get(code).sum();
    }

    /** How many connections were closed because of an unexpected exception (a bug). */
    public long unexpectedCount() {
        return unexpected.sum();
    }

    /** How many connections were closed because of a network error. */
    public long networkErrorCount() {
        return network.sum();
    }

    /** The {@link ProtocolException} in {@code cause}'s chain (Netty wraps decoder exceptions), or null. */
    static ProtocolException protocolCause(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof ProtocolException p) {
                return p;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}

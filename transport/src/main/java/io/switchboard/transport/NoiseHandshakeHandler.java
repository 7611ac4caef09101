// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.frame.ConnectionHeader;
import io.switchboard.protocol.node.Node;
import io.switchboard.protocol.node.NodeDecoder;
import io.switchboard.protocol.node.NodeEncoder;
import io.switchboard.protocol.node.TokenDictionary;
import io.switchboard.protocol.noise.HandshakeFailedException;
import io.switchboard.protocol.noise.HandshakePattern;
import io.switchboard.protocol.noise.HandshakeState;
import io.switchboard.protocol.noise.NoiseTransport;
import io.switchboard.protocol.noise.X25519;
import io.switchboard.protocol.noise.X25519KeyPair;

import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Noise XX handshake over frames, for either role, with Switchboard's rules (PROTOCOL.md §4.3, §12):
 * message 1 is exactly 32 bytes (no payload, which would travel in clear); message 2 carries an empty payload;
 * message 3 carries exactly one encoded node, the client's {@code <login/>} or {@code <register/>}.
 *
 * <p>The initiator (client) writes the connection header and message 1 as soon as the channel is active, and may
 * pin the server's static key: a different key fails the handshake. On completion the handler raises the
 * {@link FrameDecoder}'s maximum to the configured frame size, puts a {@link NoiseTransportHandler} in its own
 * place, removes itself, and fires {@link HandshakeCompleted}; frames that arrived in the same read go on to the
 * transport handler in order. Application writes before that fail: nothing may travel unencrypted.
 *
 * <p>Every failure, including the timeout counted from channel activation, is raised as a
 * {@link io.switchboard.protocol.ProtocolException} for the {@link ConnectionErrorHandler}, which closes the
 * connection. One instance per channel, confined to its event loop.
 */
public final class NoiseHandshakeHandler extends ChannelDuplexHandler {
    private static final int MESSAGE_1_LENGTH = X25519.KEY_LENGTH;
    private static final byte[] EMPTY = new byte[0];

    private final boolean initiator;
    private final X25519 x25519;
    private final X25519KeyPair staticKeyPair;
    private final Node hello;
    private final byte[] pinnedServerKey;
    private final TransportSettings settings;
    private HandshakeState state;
    private ScheduledFuture<?> timeout;
    private boolean messageOneRead;
    private boolean failed;

    private NoiseHandshakeHandler(boolean initiator, X25519 x25519, X25519KeyPair staticKeyPair, Node hello,
            byte[] pinnedServerKey, TransportSettings settings) {
        this.initiator = initiator;
        this.x25519 = Objects.requireNonNull(x25519, "x25519");
        this.staticKeyPair = Objects.requireNonNull(staticKeyPair, "staticKeyPair");
        this.hello = hello;
        this.pinnedServerKey = pinnedServerKey == null ? null : pinnedServerKey.clone();
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The server side, answering with its static key pair. */
    public static NoiseHandshakeHandler responder(X25519 x25519, X25519KeyPair serverStaticKeyPair,
            TransportSettings settings) {
        return new NoiseHandshakeHandler(false, x25519, serverStaticKeyPair, null, null, settings);
    }

    /**
     * The client side.
     *
     * @param deviceKeyPair   the device's static key pair, its credential
     * @param hello           the node sent in message 3: {@code <login/>} or {@code <register/>}
     * @param pinnedServerKey the server static key to insist on, or {@code null} to accept any (and learn it from
     *                        {@link HandshakeCompleted#remoteStaticKey()})
     */
    public static NoiseHandshakeHandler initiator(X25519 x25519, X25519KeyPair deviceKeyPair, Node hello,
            byte[] pinnedServerKey, TransportSettings settings) {
        Objects.requireNonNull(hello, "hello");
        if (pinnedServerKey != null && pinnedServerKey.length != X25519.KEY_LENGTH) {
            throw new IllegalArgumentException("a pinned server key is " + X25519.KEY_LENGTH + " bytes");
        }
        return new NoiseHandshakeHandler(true, x25519, deviceKeyPair, hello, pinnedServerKey, settings);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelTimeout();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelTimeout();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof byte[] frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (failed) {
            return;
        }
        try {
            if (state == null) {
                throw new HandshakeFailedException("a frame arrived before the handshake started");
            }
            if (initiator) {
                onMessage2(ctx, frame);
            } else if (!messageOneRead) {
                onMessage1(ctx, frame);
            } else {
                onMessage3(ctx, frame);
            }
        } catch (ProtocolException e) {
            failed = true;
            ctx.fireExceptionCaught(e);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        // Only this handler writes before completion, through its own context, which starts below it.
        ReferenceCountUtil.release(msg);
        promise.setFailure(new IllegalStateException("the Noise handshake is not complete; nothing may be sent yet"));
    }

    private void start(ChannelHandlerContext ctx) {
        if (state != null) {
            return;
        }
        byte[] prologue = ConnectionHeader.CURRENT.toBytes();
        state = initiator
                ? HandshakeState.initiator(HandshakePattern.XX, x25519, prologue, staticKeyPair, null)
                : HandshakeState.responder(HandshakePattern.XX, x25519, prologue, staticKeyPair, null);
        timeout = ctx.executor().schedule(() -> onTimeout(ctx), settings.handshakeTimeout().toNanos(),
                TimeUnit.NANOSECONDS);
        if (initiator) {
            try {
                byte[] message1 = state.writeMessage(EMPTY);
                ctx.write(Unpooled.wrappedBuffer(prologue));
                ctx.writeAndFlush(message1);
            } catch (HandshakeFailedException e) {
                failed = true;
                ctx.fireExceptionCaught(e);
            }
        }
    }

    private void onMessage1(ChannelHandlerContext ctx, byte[] frame) throws ProtocolException {
        if (frame.length != MESSAGE_1_LENGTH) {
            throw new HandshakeFailedException("message 1 must be exactly " + MESSAGE_1_LENGTH
                    + " bytes (an ephemeral key, no payload), was " + frame.length);
        }
        state.readMessage(frame);
        messageOneRead = true;
        ctx.writeAndFlush(state.writeMessage(EMPTY));
    }

    private void onMessage2(ChannelHandlerContext ctx, byte[] frame) throws ProtocolException {
        byte[] payload = state.readMessage(frame);
        byte[] serverKey = state.remoteStatic().orElseThrow();
        if (pinnedServerKey != null && !MessageDigest.isEqual(pinnedServerKey, serverKey)) {
            throw new HandshakeFailedException("the server's static key is not the pinned one");
        }
        Optional<Node> serverPayload = payload.length == 0 ? Optional.empty() : Optional.of(decode(payload));
        ctx.writeAndFlush(state.writeMessage(new NodeEncoder(TokenDictionary.standard()).encode(hello)));
        complete(ctx, serverPayload);
    }

    private void onMessage3(ChannelHandlerContext ctx, byte[] frame) throws ProtocolException {
        byte[] payload = state.readMessage(frame);
        if (payload.length == 0) {
            throw new HandshakeFailedException("message 3 must carry a <login/> or <register/> node");
        }
        complete(ctx, Optional.of(decode(payload)));
    }

    private Node decode(byte[] payload) throws ProtocolException {
        return new NodeDecoder(TokenDictionary.standard(), settings.nodeLimits()).decode(payload);
    }

    private void complete(ChannelHandlerContext ctx, Optional<Node> payload) throws HandshakeFailedException {
        NoiseTransport transport = state.split();
        byte[] remoteStatic = transport.remoteStatic().orElseThrow();
        state = null;
        cancelTimeout();
        if (ctx.pipeline().get(PipelineNames.FRAME_DECODER) instanceof FrameDecoder frames) {
            frames.setMaxFrameSize(settings.maxFrameSize());
        }
        ctx.pipeline().replace(this, PipelineNames.NOISE_TRANSPORT_HANDLER,
                new NoiseTransportHandler(transport, settings.maxFrameSize()));
        ctx.pipeline().context(PipelineNames.NOISE_TRANSPORT_HANDLER)
                .fireUserEventTriggered(new HandshakeCompleted(remoteStatic, payload));
    }

    private void onTimeout(ChannelHandlerContext ctx) {
        if (!failed && !ctx.isRemoved()) {
            failed = true;
            ctx.fireExceptionCaught(new HandshakeTimeoutException(settings.handshakeTimeout()));
        }
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.transport;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.noise.NoiseTransport;

/**
 * After the handshake: decrypts each inbound frame payload and encrypts each outbound plaintext ({@code byte[]}
 * both ways), one node per transport message. Holds only the {@link NoiseTransport} (two keys and nonces, about
 * 300 bytes); no resident {@code Cipher}, which the protocol borrows per thread, keeping an idle connection small.
 *
 * <p>Nonces are implicit counters, so messages are encrypted in the order they are written on the event loop and
 * decrypted in the order they arrive. An outbound message too large for a frame is refused <em>before</em> it is
 * encrypted, since encrypting it would spend a nonce the peer never sees and break every later message. A
 * decryption failure (tampering, replay, truncation) is raised for the {@link ConnectionErrorHandler}; later frames
 * are dropped unread. Confined to the channel's event loop.
 */
public final class NoiseTransportHandler extends ChannelDuplexHandler {
    /** The AES-GCM tag each transport message adds. */
    public static final int TAG_LENGTH = 16;

    private final NoiseTransport transport;
    private final int maxFrameSize;
    private boolean failed;

    public NoiseTransportHandler(NoiseTransport transport, int maxFrameSize) {
        this.transport = transport;
        this.maxFrameSize = maxFrameSize;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof byte[] ciphertext)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (failed) {
            return;
        }
        byte[] plaintext;
        try {
            plaintext = transport.decrypt(ciphertext);
        } catch (ProtocolException e) {
            failed = true;
            ctx.fireExceptionCaught(e);
            return;
        }
        ctx.fireChannelRead(plaintext);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof byte[] plaintext)) {
            ctx.write(msg, promise);
            return;
        }
        if (plaintext.length > maxFrameSize - TAG_LENGTH) {
            promise.setFailure(new IllegalArgumentException("a node of " + plaintext.length
                    + " bytes does not fit a frame of at most " + maxFrameSize + " bytes with its "
                    + TAG_LENGTH + "-byte tag"));
            return;
        }
        byte[] ciphertext;
        try {
            ciphertext = transport.encrypt(plaintext);
        } catch (ProtocolException e) {
            promise.setFailure(e);
            ctx.fireExceptionCaught(e);
            return;
        }
        ctx.write(ciphertext, promise);
    }
}

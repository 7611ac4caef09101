// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.frame.FrameCodec;
import io.switchboard.protocol.frame.FrameTooLargeException;

import java.util.List;

/**
 * Cuts the inbound byte stream into frames (3-byte big-endian length, then the payload) and emits each payload as
 * a {@code byte[]}: the Noise layer above works on arrays, so the one copy out of the socket buffer is the only one.
 *
 * <p>The announced length is checked against the current maximum as soon as its 3 bytes are in, before waiting for
 * (or buffering) the payload: "not enough bytes yet" returns quietly, "too large" raises
 * {@link FrameTooLargeException} at once. After that the stream can no longer be cut into frames, so every further
 * byte is discarded while the {@link ConnectionErrorHandler} closes the connection. A stream that ends inside a frame
 * is {@code MALFORMED_FRAME}.
 *
 * <p>The maximum is small during the handshake and raised by the handshake handler once it completes
 * ({@link #setMaxFrameSize}); like all of this decoder's state it is confined to the channel's event loop.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    private FrameCodec codec;
    private boolean failed;

    /** A decoder accepting payloads up to {@code maxFrameSize} bytes. */
    public FrameDecoder(int maxFrameSize) {
        this.codec = new FrameCodec(maxFrameSize);
    }

    public int maxFrameSize() {
        return codec.maxFrameSize();
    }

    /**
     * Changes the maximum for the frames not yet decoded. Call on the channel's event loop.
     *
     * @throws IllegalArgumentException if {@code maxFrameSize} is outside 1..16,777,215
     */
    public void setMaxFrameSize(int maxFrameSize) {
        this.codec = new FrameCodec(maxFrameSize);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws FrameTooLargeException {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < FrameCodec.HEADER_LENGTH) {
            return;
        }
        int length = in.getUnsignedMedium(in.readerIndex());
        try {
            codec.checkLength(length);
        } catch (FrameTooLargeException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw e;
        }
        if (in.readableBytes() < FrameCodec.HEADER_LENGTH + length) {
            return;
        }
        in.skipBytes(FrameCodec.HEADER_LENGTH);
        byte[] payload = new byte[length];
        in.readBytes(payload);
        out.add(payload);
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws ProtocolException {
        decode(ctx, in, out);
        if (!failed && in.isReadable()) {
            int left = in.readableBytes();
            in.skipBytes(left);
            failed = true;
            throw new ProtocolException(ErrorCode.MALFORMED_FRAME, "stream ended inside a frame: " + left
                    + " bytes of an unfinished frame");
        }
    }
}

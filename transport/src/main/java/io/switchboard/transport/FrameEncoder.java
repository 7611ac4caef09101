// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import io.switchboard.protocol.frame.FrameCodec;
import io.switchboard.protocol.frame.FrameTooLargeException;

/**
 * Writes each outbound frame payload ({@code byte[]}) as its 3-byte big-endian length followed by the payload.
 * Other messages (the client's raw connection header, a {@code ByteBuf}) pass through unframed. A payload longer
 * than the maximum fails its write with {@link FrameTooLargeException} and sends nothing. Stateless, so one
 * instance serves every channel.
 */
@Sharable
public final class FrameEncoder extends MessageToByteEncoder<byte[]> {
    private final FrameCodec codec;

    public FrameEncoder(int maxFrameSize) {
        super(byte[].class);
        this.codec = new FrameCodec(maxFrameSize);
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, byte[] payload, boolean preferDirect) {
        return ctx.alloc().ioBuffer(FrameCodec.HEADER_LENGTH + payload.length);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, byte[] payload, ByteBuf out) throws FrameTooLargeException {
        codec.checkLength(payload.length);
        out.writeMedium(payload.length);
        out.writeBytes(payload);
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.frame.ConnectionHeader;

import java.util.List;

/**
 * Server side: reads exactly the client's 4-byte connection header before anything else, checks it with
 * {@link ConnectionHeader#accept}, then removes itself so the bytes after it (frame 1, often in the same TCP
 * segment) reach the frame decoder untouched.
 *
 * <p>A wrong magic ({@code MALFORMED_FRAME}) or version ({@code UNSUPPORTED_VERSION}) is raised as a
 * {@link ProtocolException} for the {@link ConnectionErrorHandler}, which closes the connection; after that every
 * further byte is discarded. A stream that ends after 1 to 3 header bytes is {@code MALFORMED_FRAME}; one that ends
 * before any byte (a port probe) is just a close.
 */
public final class ConnectionHeaderDecoder extends ByteToMessageDecoder {
    private boolean failed;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws ProtocolException {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < ConnectionHeader.LENGTH) {
            return;
        }
        byte[] header = new byte[ConnectionHeader.LENGTH];
        in.readBytes(header);
        try {
            ConnectionHeader.accept(header);
        } catch (ProtocolException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw e;
        }
        ctx.pipeline().remove(this);
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws ProtocolException {
        if (!failed && in.isReadable() && in.readableBytes() < ConnectionHeader.LENGTH) {
            int received = in.readableBytes();
            in.skipBytes(received);
            failed = true;
            throw new ProtocolException(ErrorCode.MALFORMED_FRAME, "stream ended inside the connection header: "
                    + received + " of " + ConnectionHeader.LENGTH + " bytes");
        }
        decode(ctx, in, out);
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.ops.admin;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import java.nio.charset.StandardCharsets;

/**
 * Aggregates a request with at most {@code maxBytes} of body (no admin endpoint reads one) and answers a larger one
 * with 413 and close, always: Netty's own aggregator keeps a keep-alive connection open to discard the body, which
 * would tie the connection up until the request deadline.
 */
final class RequestSizeLimit extends HttpObjectAggregator {
    private final int maxBytes;

    RequestSizeLimit(int maxBytes) {
        super(maxBytes);
        this.maxBytes = maxBytes;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        FullHttpResponse tooLarge = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Unpooled.copiedBuffer("the admin port takes request"
                + " bodies of at most " + maxBytes + " bytes, and none of its endpoints reads one\n",
                StandardCharsets.UTF_8));
        tooLarge.headers().set(HttpHeaderNames.CONTENT_TYPE, AdminResponse.TEXT)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, tooLarge.content().readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(tooLarge).addListener(ChannelFutureListener.CLOSE);
    }
}

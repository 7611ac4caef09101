// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.ops.admin;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.flow.FlowControlHandler;

/**
 * Builds each admin connection's pipeline, or closes the connection at once when the {@link ConnectionCap} is
 * reached. Bytes travel: deadlines (request and idle clocks), HTTP codec (request line and headers bounded), one
 * decoded part per read (auto-read is off, so a pipelined second request waits in the codec's output until the first
 * is answered; after the aggregator, it would never be released, as the reads that only carried a body would count
 * as answered), aggregator (body bounded), then the request handler.
 */
final class AdminInitializer extends ChannelInitializer<SocketChannel> {
    /** Longer lines than a request line needs: the longest admin URI is a few dozen bytes. */
    private static final int MAX_REQUEST_LINE = 4096;

    private final AdminBounds bounds;
    private final ConnectionCap cap;
    private final AdminRouter router;
    private final AdminLanes lanes;

    AdminInitializer(AdminBounds bounds, ConnectionCap cap, AdminRouter router, AdminLanes lanes) {
        this.bounds = bounds;
        this.cap = cap;
        this.router = router;
        this.lanes = lanes;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        if (!cap.admit(channel)) {
            channel.close();
            return;
        }
        channel.pipeline()
                .addLast(AdminNames.DEADLINES, new RequestDeadlineHandler(bounds))
                .addLast(AdminNames.HTTP, new HttpServerCodec(new HttpDecoderConfig()
                        .setMaxInitialLineLength(Math.min(MAX_REQUEST_LINE, bounds.maxRequestBytes()))
                        .setMaxHeaderSize(bounds.maxRequestBytes())))
                .addLast(AdminNames.ONE_AT_A_TIME, new FlowControlHandler())
                .addLast(AdminNames.AGGREGATOR, new RequestSizeLimit(bounds.maxRequestBytes()))
                .addLast(AdminNames.REQUESTS, new AdminRequestHandler(router, lanes));
    }
}

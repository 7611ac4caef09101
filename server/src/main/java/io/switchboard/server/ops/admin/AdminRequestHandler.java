// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.ops.admin;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Answers whole requests one at a time: reads each into an {@link AdminRequest}, asks the {@link AdminRouter}, runs
 * the route in its lane (never on the event loop: handlers may block) and writes the answer back on the loop. The
 * channel runs with auto-read off: this handler asks for more bytes only while it waits for a request, so a client
 * cannot push requests faster than they are answered; a pipelined one read meanwhile waits here (at most
 * {@value #MAX_WAITING}; past that the connection is closed). A request the codec could not read (a line or the
 * headers too long, a malformed request) is answered 414, 431 or 400 and the connection closed, since the rest of
 * its bytes cannot be trusted. Confined to the channel's event loop.
 */
final class AdminRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(AdminRequestHandler.class);
    private static final int MAX_WAITING = 4;

    /** A request as read, waiting for its turn: what to run (or answer at once) and whether to keep the connection. */
    private record Waiting(AdminRequest request, AdminResponse immediate, boolean keepAlive) {
    }

    private final AdminRouter router;
    private final AdminLanes lanes;
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private boolean answering;

    AdminRequestHandler(AdminRouter router, AdminLanes lanes) {
        this.router = router;
        this.lanes = lanes;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        ctx.read();
        super.channelActive(ctx);
    }

    /** A read brought no whole request: ask for more, unless one is being answered (then the answer asks). */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        if (!answering) {
            ctx.read();
        }
        super.channelReadComplete(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest http) {
        ctx.pipeline().fireUserEventTriggered(AdminEvents.REQUEST_READ);
        if (waiting.size() == MAX_WAITING) {
            ctx.close();
            return;
        }
        waiting.add(parse(http));
        if (!answering) {
            answerNext(ctx);
        }
    }

    private static Waiting parse(FullHttpRequest http) {
        DecoderResult decoded = http.decoderResult();
        if (!decoded.isSuccess()) {
            return new Waiting(null, unreadable(decoded.cause()), false);
        }
        try {
            return new Waiting(request(http), null, HttpUtil.isKeepAlive(http));
        } catch (IllegalArgumentException e) {
            return new Waiting(null, AdminResponse.text(400, "the request URI is not valid: " + e.getMessage()),
                    false);
        }
    }

    private void answerNext(ChannelHandlerContext ctx) {
        Waiting next = waiting.poll();
        answering = true;
        CompletableFuture<AdminResponse> answer;
        if (next.immediate() != null) {
            answer = CompletableFuture.completedFuture(next.immediate());
        } else {
            AdminRouter.Dispatch dispatch = router.dispatch(next.request());
            answer = dispatch instanceof AdminRouter.Run run ? lanes.run(run.route(), next.request())
                    : CompletableFuture.completedFuture(((AdminRouter.Refuse) dispatch).response());
        }
        answer.thenAcceptAsync(response -> write(ctx, response, next.keepAlive()), ctx.executor());
    }

    /** A reset or a broken pipe: that connection only, and expected of clients that go away; no stack trace. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("admin connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    private static AdminRequest request(FullHttpRequest http) {
        QueryStringDecoder uri = new QueryStringDecoder(http.uri(), StandardCharsets.UTF_8);
        Map<String, String> query = new HashMap<>();
        for (Map.Entry<String, List<String>> parameter : uri.parameters().entrySet()) {
            List<String> values = parameter.getValue();
            query.put(parameter.getKey(), values.get(values.size() - 1));
        }
        return new AdminRequest(http.method().name(), uri.path(), query,
                http.headers().get(HttpHeaderNames.AUTHORIZATION));
    }

    private static AdminResponse unreadable(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return AdminResponse.text(414, "the request line is longer than the admin port reads");
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return AdminResponse.text(431, "the request headers are larger than the admin port reads");
        }
        return AdminResponse.text(400, "the request is not valid HTTP/1.1 (" + cause.getClass().getSimpleName()
                + ")");
    }

    private void write(ChannelHandlerContext ctx, AdminResponse response, boolean keepAlive) {
        FullHttpResponse http = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(response.status()),
                Unpooled.copiedBuffer(response.body(), StandardCharsets.UTF_8));
        http.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, http.content().readableBytes());
        response.headers().forEach(http.headers()::set);
        HttpUtil.setKeepAlive(http, keepAlive);
        ctx.writeAndFlush(http).addListener((ChannelFutureListener) written -> {
            if (!written.isSuccess() || !keepAlive) {
                waiting.clear();
                ctx.close();
            } else if (!waiting.isEmpty()) {
                answerNext(ctx);
            } else {
                answering = false;
                ctx.pipeline().fireUserEventTriggered(AdminEvents.ANSWERED);
                ctx.read();
            }
        });
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.ops.admin;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The admin port's socket: a Netty server on one event loop of its own (not the client port's, so a flood of either
 * never starves the other), which accepts, parses and writes, and never runs a handler: those run in
 * {@link AdminLanes}. Connections are accepted in order on that one loop, so the {@link ConnectionCap} refuses
 * exactly the ones past it. {@link #close()} closes every connection and stops the loop and the lanes.
 */
public final class AdminListener implements AutoCloseable {
    private final EventLoopGroup loop;
    private final Channel serverChannel;
    private final AdminLanes lanes;
    private final ConnectionCap cap;

    private AdminListener(EventLoopGroup loop, Channel serverChannel, AdminLanes lanes, ConnectionCap cap) {
        this.loop = loop;
        this.serverChannel = serverChannel;
        this.lanes = lanes;
        this.cap = cap;
    }

    /**
     * Binds {@code host:port} (0: any free port) and starts serving {@code router}.
     *
     * @throws IOException if the address cannot be bound
     */
    public static AdminListener bind(String host, int port, AdminBounds bounds, AdminRouter router)
            throws IOException {
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        AdminLanes lanes = new AdminLanes(bounds.answerTimeout());
        ConnectionCap cap = new ConnectionCap(bounds.maxConnections());
        try {
            Channel channel = new ServerBootstrap()
                    .group(loop)
                    .channel(NioServerSocketChannel.class)
                    // Reads are asked for one request at a time (AdminRequestHandler), never pushed.
                    .childOption(ChannelOption.AUTO_READ, false)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new AdminInitializer(bounds, cap, router, lanes))
                    .bind(host, port).syncUninterruptibly().channel();
            return new AdminListener(loop, channel, lanes, cap);
        } catch (Exception e) { // Netty rethrows the bind's BindException without declaring it
            loop.shutdownGracefully();
            lanes.close();
            throw new IOException("cannot bind the admin port " + host + ":" + port + " (" + e + "); choose"
                    + " another with --admin-port or switchboard.admin.host/port", e);
        }
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Admin connections open now. */
    public int connections() {
        return cap.open();
    }

    /** Connections closed at once because {@code max-connections} were open, since start. */
    public long refusedConnections() {
        return cap.refused();
    }

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        loop.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        lanes.close();
    }
}

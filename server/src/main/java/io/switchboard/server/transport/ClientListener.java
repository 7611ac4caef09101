// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.switchboard.protocol.noise.X25519;
import io.switchboard.protocol.noise.X25519KeyPair;
import io.switchboard.server.session.SessionContext;
import io.switchboard.transport.ConnectionErrorHandler;
import io.switchboard.transport.TransportSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;

/**
 * The client port: a Netty server on epoll where the kernel has it (NIO elsewhere), one event loop per core; each
 * connection's session is confined to one loop. {@link #close()} stops accepting and closes every connection.
 */
public final class ClientListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClientListener.class);

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel serverChannel;
    private final ConnectionErrorHandler errors;

    private ClientListener(EventLoopGroup boss, EventLoopGroup workers, Channel serverChannel,
                           ConnectionErrorHandler errors) {
        this.boss = boss;
        this.workers = workers;
        this.serverChannel = serverChannel;
        this.errors = errors;
    }

    /** Binds {@code host:port} (port 0: any free port) and starts accepting. */
    public static ClientListener bind(String host, int port, TransportSettings transport, X25519 x25519,
                                      X25519KeyPair serverKey, SessionContext sessions) throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1,
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        Class<? extends ServerSocketChannel> channelType = epoll
                ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        ConnectionErrorHandler errors = new ConnectionErrorHandler();
        try {
            Channel channel = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(channelType)
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.SO_KEEPALIVE, true)
                    .childHandler(new SwitchboardChannelInitializer(transport, x25519, serverKey, sessions, errors))
                    .bind(host, port).sync().channel();
            log.info("listening for clients on {} ({})", channel.localAddress(), epoll ? "epoll" : "nio");
            return new ClientListener(boss, workers, channel, errors);
        } catch (InterruptedException | RuntimeException e) {
            boss.shutdownGracefully();
            workers.shutdownGracefully();
            throw e;
        }
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Counts of connection errors by code, for metrics and tests. */
    public ConnectionErrorHandler errors() {
        return errors;
    }

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        boss.shutdownGracefully().syncUninterruptibly();
        workers.shutdownGracefully().syncUninterruptibly();
    }
}

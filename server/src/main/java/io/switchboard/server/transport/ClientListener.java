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

import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.node.Node;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

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
    private final ChannelGroup channels;
    private final AdmissionRefusals refusals;

    private ClientListener(EventLoopGroup boss, EventLoopGroup workers, Channel serverChannel,
                           ConnectionErrorHandler errors, ChannelGroup channels, AdmissionRefusals refusals) {
        this.refusals = refusals;
        this.channels = channels;
        this.boss = boss;
        this.workers = workers;
        this.serverChannel = serverChannel;
        this.errors = errors;
    }

    /** Binds {@code host:port} (port 0: any free port) and starts accepting. */
    public static ClientListener bind(String host, int port, TransportSettings transport, X25519 x25519,
                                      X25519KeyPair serverKey, SessionContext sessions, HandshakeGate handshakes,
                                      AdmissionSettings admission) throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1,
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        Class<? extends ServerSocketChannel> channelType = epoll
                ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        ConnectionErrorHandler errors = new ConnectionErrorHandler();
        ChannelGroup channels = new DefaultChannelGroup("clients", GlobalEventExecutor.INSTANCE);
        AdmissionRefusals refusals = new AdmissionRefusals();
        try {
            Channel channel = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(channelType)
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.SO_KEEPALIVE, true)
                    // Writability flips at 256 KiB pending: pushes are bounded by the entity's window anyway.
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024,
                            256 * 1024))
                    .childHandler(new SwitchboardChannelInitializer(transport, x25519, serverKey, sessions, errors,
                            channels, handshakes, admission, refusals))
                    .bind(host, port).sync().channel();
            log.info("listening for clients on {} ({})", channel.localAddress(), epoll ? "epoll" : "nio");
            return new ClientListener(boss, workers, channel, errors, channels, refusals);
        } catch (InterruptedException | RuntimeException e) {
            boss.shutdownGracefully();
            workers.shutdownGracefully();
            throw e;
        }
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** The address actually bound, as {@code host:port} (IPv6 in brackets), for the startup line. */
    public String boundAddress() {
        return hostPort((InetSocketAddress) serverChannel.localAddress());
    }

    static String hostPort(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /** Connections closed before login by admission control, by reason. */
    public AdmissionRefusals refusals() {
        return refusals;
    }

    /** Counts of connection errors by code, for metrics and tests. */
    public ConnectionErrorHandler errors() {
        return errors;
    }

    /** Open client connections. */
    public int connections() {
        return channels.size();
    }

    /**
     * Stops accepting, tells every connected client to reconnect ({@code SERVER_SHUTDOWN}, which the SDK answers by
     * reconnecting with backoff), waits up to {@code grace} for the goodbyes to be written, then closes them.
     */
    public void shutdown(Duration grace) {
        serverChannel.close().syncUninterruptibly();
        Node goodbye = ConnectionErrorHandler.errorNode(ErrorCode.SERVER_SHUTDOWN.code(),
                ErrorCode.SERVER_SHUTDOWN.reason());
        log.info("shutting down: telling {} connected clients to reconnect", channels.size());
        channels.writeAndFlush(goodbye).awaitUninterruptibly(grace.toMillis());
        channels.close().awaitUninterruptibly(grace.toMillis());
    }

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        channels.close().awaitUninterruptibly(5_000);
        // No quiet period: every channel is closed by now, so no task can still arrive that needs one (Netty's
        // default waits 2 s per group, which made each stop take 4 s longer than it had work for).
        Future<?> bossDone = boss.shutdownGracefully(0, 5, TimeUnit.SECONDS);
        Future<?> workersDone = workers.shutdownGracefully(0, 5, TimeUnit.SECONDS);
        bossDone.syncUninterruptibly();
        workersDone.syncUninterruptibly();
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.switchboard.transport.ConnectionErrorHandler;

import java.util.concurrent.TimeUnit;

/**
 * The threads and socket kind client connections run on: native epoll where available (Linux), NIO otherwise.
 * One instance can carry many connections (a load generator opens thousands); each connection, and each
 * {@link SwitchboardClient}, is confined to one of its event loops. Also holds the error counters of every
 * connection it carries. Close it after the connections that use it.
 */
public final class ClientTransport implements AutoCloseable {
    private final EventLoopGroup group;
    private final Class<? extends Channel> channelClass;
    private final ConnectionErrorHandler errors = new ConnectionErrorHandler();

    private ClientTransport(EventLoopGroup group, Class<? extends Channel> channelClass) {
        this.group = group;
        this.channelClass = channelClass;
    }

    /** A transport with {@code threads} event loops, epoll when the native library loads. */
    public static ClientTransport create(int threads) {
        if (Epoll.isAvailable()) {
            return new ClientTransport(new MultiThreadIoEventLoopGroup(threads, EpollIoHandler.newFactory()),
                    EpollSocketChannel.class);
        }
        return new ClientTransport(new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory()),
                NioSocketChannel.class);
    }

    /** The next event loop, round robin, to confine a connection or client to. */
    public EventLoop nextLoop() {
        return group.next();
    }

    /** Whether connections use native epoll (else NIO). */
    public boolean isNative() {
        return channelClass == EpollSocketChannel.class;
    }

    /** Error counters of every connection on this transport. */
    public ConnectionErrorHandler errors() {
        return errors;
    }

    Class<? extends Channel> channelClass() {
        return channelClass;
    }

    /** Stops the event loops, waiting up to a few seconds for them to finish. */
    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}

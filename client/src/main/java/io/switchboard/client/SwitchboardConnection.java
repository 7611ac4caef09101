// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.switchboard.protocol.node.Node;
import io.switchboard.protocol.noise.X25519;
import io.switchboard.protocol.noise.X25519KeyPair;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One client connection to a Switchboard server, the SDK's low level: TCP to the first address that accepts, the
 * connection header, the Noise XX handshake as initiator with the device's static key, the hello node
 * ({@code <login/>} or {@code <register/>}) in handshake message 3, then nodes both ways, with keepalive pings.
 *
 * <p>One instance is one connection attempt: after it closes, make a new one (the {@link SwitchboardClient} does,
 * with backoff). Every listener call happens on the connection's event loop, in the order nodes arrived; a
 * listener must not block. {@link #send} may be called from any thread; writes keep their call order.
 *
 * <p>Backpressure: {@link #send} never blocks and never drops. Its future completes when the node has been written
 * to the socket; when {@link #isWritable()} turns false (more than 64 KiB waiting to be written) callers should
 * stop sending until {@link #whenWritable()} completes, so nothing buffers without bound.
 */
public final class SwitchboardConnection implements AutoCloseable {

    /** What a connection reports. Called on its event loop; implementations must not block. */
    public interface Listener {
        /** A node from the server after its first reply (which completes {@link #connect}). */
        default void onNode(Node node) {
        }

        /** The socket's send buffer crossed a watermark. */
        default void onWritabilityChanged(boolean writable) {
        }

        /** The connection ended; called once, and only if {@link #connect} succeeded. */
        default void onClose(ConnectionClosed closed) {
        }
    }

    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 64 * 1024);

    private final ClientTransport transport;
    private final EventLoop loop;
    private final ConnectionSettings settings;
    private final X25519 x25519;
    private final X25519KeyPair deviceKey;
    private final byte[] pinnedServerKey;
    private final Listener listener;
    private final CompletableFuture<Node> firstReply = new CompletableFuture<>();
    private final List<CompletableFuture<Void>> writableWaiters = new ArrayList<>();
    private volatile Channel channel;
    private volatile byte[] serverKey;
    private volatile boolean started;
    private volatile Consumer<WireEvent> wireListener;

    /**
     * @param loop            the event loop this connection is confined to (from {@link ClientTransport#nextLoop()})
     * @param deviceKey       the device's static key pair, its credential
     * @param pinnedServerKey the server's static key to insist on, or {@code null} to accept and report any
     */
    public SwitchboardConnection(ClientTransport transport, EventLoop loop, ConnectionSettings settings,
            X25519 x25519, X25519KeyPair deviceKey, byte[] pinnedServerKey, Listener listener) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.loop = Objects.requireNonNull(loop, "loop");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.x25519 = Objects.requireNonNull(x25519, "x25519");
        this.deviceKey = Objects.requireNonNull(deviceKey, "deviceKey");
        this.pinnedServerKey = pinnedServerKey == null ? null : pinnedServerKey.clone();
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Connects to the first of {@code addresses} that accepts, in order, runs the handshake carrying {@code hello},
     * and completes with the server's first node: {@code <success …/>} or {@code <failure …/>}.
     *
     * @param addresses servers to try, in order; each gets one attempt within the connect timeout
     * @param hello     {@code <login/>} or {@code <register/>}
     * @return the server's first node; fails with {@link ConnectionFailedException} when no address accepts, the
     *     handshake fails or the server closes first
     * @throws IllegalStateException if called twice
     * @throws IllegalArgumentException if {@code addresses} is empty
     */
    public CompletableFuture<Node> connect(List<InetSocketAddress> addresses, Node hello) {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("no server address");
        }
        synchronized (this) {
            if (started) {
                throw new IllegalStateException("a connection connects once; create a new one to reconnect");
            }
            started = true;
        }
        Bootstrap bootstrap = new Bootstrap().group(loop).channel(transport.channelClass())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
                .handler(new ClientChannelInitializer(settings, x25519, deviceKey, hello, pinnedServerKey,
                        this, firstReply, transport.errors(), wireListener));
        if (settings.localAddress() != null) {
            bootstrap.localAddress(new InetSocketAddress(settings.localAddress(), 0));
        }
        tryConnect(bootstrap, List.copyOf(addresses), 0, null);
        return firstReply;
    }

    /**
     * Sends a node after the connection is up. Never blocks.
     *
     * @return completes when the node is written to the socket; fails if the connection is not up or closes first
     */
    public CompletableFuture<Void> send(Node node) {
        Channel ch = channel;
        CompletableFuture<Void> written = new CompletableFuture<>();
        if (ch == null || !firstReply.isDone() || firstReply.isCompletedExceptionally()) {
            written.completeExceptionally(new IllegalStateException("the connection is not up"));
            return written;
        }
        ch.writeAndFlush(node).addListener(f -> {
            if (f.isSuccess()) {
                written.complete(null);
            } else {
                written.completeExceptionally(f.cause());
            }
        });
        return written;
    }

    /**
     * Reports every node this connection sends or receives after the handshake, with its frame's size, on the
     * connection's event loop; must be set before {@link #connect}. Without it the pipeline has no tap at all.
     */
    public void onWire(Consumer<WireEvent> listener) {
        wireListener = Objects.requireNonNull(listener, "listener");
    }

    /** Whether the connection is up (it may not have completed its handshake yet). */
    public boolean isOpen() {
        Channel ch = channel;
        return ch != null && ch.isActive();
    }

    /** Whether the socket takes more writes without buffering past the high watermark. */
    public boolean isWritable() {
        Channel ch = channel;
        return ch != null && ch.isWritable();
    }

    /** Completes once the connection is writable (at once if it is); fails if it closes first. */
    public CompletableFuture<Void> whenWritable() {
        CompletableFuture<Void> waiter = new CompletableFuture<>();
        loop.execute(() -> {
            Channel ch = channel;
            if (ch == null || !ch.isActive()) {
                waiter.completeExceptionally(new IllegalStateException("the connection is closed"));
            } else if (ch.isWritable()) {
                waiter.complete(null);
            } else {
                writableWaiters.add(waiter);
            }
        });
        return waiter;
    }

    /** The server's static public key, once the handshake has authenticated it. */
    public Optional<byte[]> serverStaticKey() {
        byte[] key = serverKey;
        return key == null ? Optional.empty() : Optional.of(key.clone());
    }

    /** The address connected to, once connected. */
    public Optional<InetSocketAddress> remoteAddress() {
        Channel ch = channel;
        return ch == null ? Optional.empty() : Optional.ofNullable((InetSocketAddress) ch.remoteAddress());
    }

    /** The event loop this connection's callbacks run on. */
    public EventLoop loop() {
        return loop;
    }

    /** Closes the connection; {@link Listener#onClose} follows. Idempotent. */
    @Override
    public void close() {
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        } else {
            firstReply.completeExceptionally(new ConnectionFailedException("closed before connecting", null, null));
        }
    }

    private void tryConnect(Bootstrap bootstrap, List<InetSocketAddress> addresses, int index, Throwable last) {
        if (firstReply.isDone()) {
            return;  // closed while connecting
        }
        if (index == addresses.size()) {
            firstReply.completeExceptionally(new ConnectionFailedException("no server accepted a connection "
                    + addresses, null, last));
            return;
        }
        ChannelFuture attempt = bootstrap.connect(addresses.get(index));
        channel = attempt.channel();
        attempt.addListener(f -> {
            if (!f.isSuccess()) {
                ConnectionFailedException failure = new ConnectionFailedException("could not connect to "
                        + addresses.get(index), null, f.cause());
                if (last != null) {
                    failure.addSuppressed(last);
                }
                tryConnect(bootstrap, addresses, index + 1, failure);
            }
        });
    }

    void onHandshake(byte[] remoteStaticKey) {
        serverKey = remoteStaticKey;
    }

    void onNode(Node node) {
        listener.onNode(node);
    }

    void onWritabilityChanged(boolean writable) {
        if (writable) {
            List<CompletableFuture<Void>> ready = new ArrayList<>(writableWaiters);
            writableWaiters.clear();
            ready.forEach(w -> w.complete(null));
        }
        listener.onWritabilityChanged(writable);
    }

    void onClosed(ConnectionClosed closed) {
        List<CompletableFuture<Void>> waiting = new ArrayList<>(writableWaiters);
        writableWaiters.clear();
        waiting.forEach(w -> w.completeExceptionally(new IllegalStateException("the connection closed")));
        if (firstReply.isDone() && !firstReply.isCompletedExceptionally()) {
            listener.onClose(closed);
        }
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.switchboard.protocol.id.GroupId;
import io.switchboard.protocol.node.Node;
import io.switchboard.protocol.noise.JdkX25519;
import io.switchboard.protocol.noise.X25519KeyPair;
import io.switchboard.transport.ConnectionErrorHandler;
import io.switchboard.transport.ConnectionHeaderDecoder;
import io.switchboard.transport.FrameDecoder;
import io.switchboard.transport.FrameEncoder;
import io.switchboard.transport.HandshakeCompleted;
import io.switchboard.transport.NodeFrameDecoder;
import io.switchboard.transport.NodeFrameEncoder;
import io.switchboard.transport.NoiseHandshakeHandler;
import io.switchboard.transport.PipelineNames;
import io.switchboard.transport.TransportSettings;

import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test fixture, not a server: the transport pipeline on a real loopback socket with a session slot that answers
 * the stanzas of PROTOCOL.md §11–§12 just enough to exercise the SDK. Registration always sends code 123456 (as in
 * dev mode); accounts are bound to static keys in memory; chat messages are recorded and acked, unless told to
 * drop the connection instead; group requests are answered by {@link TestGroups}, and a group message to a group
 * the sender may not send to is refused in its ack; key requests are answered by {@link TestKeys}; every other
 * node a session receives is recorded in {@link #received}.
 */
final class TestServer implements AutoCloseable {
    static final String CODE = "123456";

    final X25519KeyPair key = new JdkX25519().generateKeyPair();
    final BlockingQueue<Node> received = new LinkedBlockingQueue<>();
    final Map<String, String> accounts = new ConcurrentHashMap<>();
    final Map<String, Channel> sessions = new ConcurrentHashMap<>();
    final TestGroups groups = new TestGroups();
    final TestKeys keys = new TestKeys();
    /** How many of the next chat messages to answer by closing the connection instead of acking. */
    final AtomicInteger dropConnectionOnMessages = new AtomicInteger();
    /** How many of the next chat messages to answer with a 504 ack (outcome unknown; retry) instead of storing. */
    final AtomicInteger answerMessagesWith504 = new AtomicInteger();
    /** How many of the next key uploads to answer by closing the connection (a registration cut off). */
    final AtomicInteger dropConnectionOnKeyUploads = new AtomicInteger();
    /** How many of the next logins to refuse with 503 (busy; retry) instead of letting in. */
    final AtomicInteger refuseLoginsAsBusy = new AtomicInteger();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel listener;

    TestServer() {
        TransportSettings settings = TransportSettings.DEFAULT;
        ConnectionErrorHandler errors = new ConnectionErrorHandler();
        listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline()
                                .addLast(PipelineNames.CONNECTION_HEADER_DECODER, new ConnectionHeaderDecoder())
                                .addLast(PipelineNames.FRAME_DECODER,
                                        new FrameDecoder(settings.handshakeMaxFrameSize()))
                                .addLast(PipelineNames.FRAME_ENCODER, new FrameEncoder(settings.maxFrameSize()))
                                .addLast(PipelineNames.NOISE_HANDSHAKE_HANDLER,
                                        NoiseHandshakeHandler.responder(new JdkX25519(), key, settings))
                                .addLast(PipelineNames.NODE_DECODER, new NodeFrameDecoder(settings.nodeLimits()))
                                .addLast(PipelineNames.NODE_ENCODER, new NodeFrameEncoder())
                                .addLast(PipelineNames.SESSION_HANDLER, new Session())
                                .addLast(PipelineNames.CONNECTION_ERROR_HANDLER, errors);
                    }
                })
                .bind("127.0.0.1", 0).syncUninterruptibly().channel();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    /** Pushes {@code node} to the logged-in session of {@code user} (an address). */
    void push(String user, Node node) {
        sessions.get(user).writeAndFlush(node);
    }

    /** The next node a session received with {@code tag}, skipping others (pings, iqs); fails after 10 s. */
    Node nextReceived(String tag) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Node node = received.poll(100, TimeUnit.MILLISECONDS);
            if (node != null && node.tag().equals(tag)) {
                return node;
            }
        }
        throw new AssertionError("the server received no <" + tag + "> in time");
    }

    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Session extends ChannelInboundHandlerAdapter {
        private String clientKey;
        private String user;

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (!(evt instanceof HandshakeCompleted done)) {
                return;
            }
            clientKey = HexFormat.of().formatHex(done.remoteStaticKey());
            Node hello = done.payload().orElseThrow();
            if (hello.tag().equals("register")) {
                ctx.writeAndFlush(Node.builder("success").attr("mode", "register").build());
            } else if (accounts.containsKey(clientKey)
                    && refuseLoginsAsBusy.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                ctx.writeAndFlush(Node.builder("failure").attr("code", "503")
                        .attr("text", "the server cannot check accounts right now; retry").build());
                ctx.close();
            } else if (accounts.containsKey(clientKey)) {
                loggedIn(ctx, accounts.get(clientKey));
                ctx.writeAndFlush(Node.builder("success").attr("user", user).attr("t", "1732700000").build());
            } else {
                ctx.writeAndFlush(Node.builder("failure").attr("code", "401")
                        .attr("text", "unknown device key; register first").build());
                ctx.close();
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Node node = (Node) msg;
            if (!(node.tag().equals("iq") && node.child("keys") != null)) {
                // Key requests run in the background after every login; tests look at what they asked for.
                received.add(node);
            }
            String id = node.attr("id");
            switch (node.tag()) {
                case "iq" -> {
                    if (TestGroups.isGroupRequest(node)) {
                        ctx.writeAndFlush(groups.answer(user, node));
                    } else if (node.child("keys") != null) {
                        if ("set".equals(node.attr("type")) && dropConnectionOnKeyUploads.getAndUpdate(
                                n -> Math.max(0, n - 1)) > 0) {
                            ctx.close();
                            return;
                        }
                        ctx.writeAndFlush(keys.answer(user, node));
                    } else {
                        onIq(ctx, node, id);
                    }
                }
                case "message" -> onMessage(ctx, node, id);
                case "receipt" -> ctx.writeAndFlush(Node.builder("ack").attr("class", "receipt").attr("id", id)
                        .attrIfPresent("to", node.attr("to")).build());
                default -> { }
            }
        }

        private void onMessage(ChannelHandlerContext ctx, Node message, String id) {
            if (dropConnectionOnMessages.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                ctx.close();
                return;
            }
            if (answerMessagesWith504.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                ctx.writeAndFlush(Node.builder("ack").attr("class", "message").attr("id", id).attr("error", "504")
                        .attr("text", "the outcome is unknown; retry with the same id").build());
                return;
            }
            String to = message.attr("to");
            String[] refused = GroupId.isGroupAddress(to) ? groups.refuseMessage(user, to) : null;
            Node.Builder ack = Node.builder("ack").attr("class", "message").attr("id", id);
            ctx.writeAndFlush(refused == null ? ack.attr("t", "1732700001").build()
                    : ack.attr("error", refused[0]).attr("text", refused[1]).build());
        }

        private void onIq(ChannelHandlerContext ctx, Node iq, String id) {
            Node result = Node.builder("iq").attr("id", id).attr("type", "result").build();
            if (iq.child("ping") != null) {
                ctx.writeAndFlush(result);
            } else if (iq.child("register") != null) {
                ctx.writeAndFlush(Node.builder("iq").attr("id", id).attr("type", "result")
                        .child(Node.builder("register").attr("status", "code-sent").attr("expires", "600")
                                .attr("code", CODE)).build());
            } else if (iq.child("verify") != null) {
                Node verify = iq.child("verify");
                if (CODE.equals(verify.attr("code"))) {
                    String address = verify.attr("phone").substring(1) + "@s.switchboard";
                    accounts.put(clientKey, address);
                    loggedIn(ctx, address);
                    ctx.writeAndFlush(Node.builder("iq").attr("id", id).attr("type", "result")
                            .child(Node.builder("success").attr("user", address)).build());
                } else {
                    ctx.writeAndFlush(Node.builder("iq").attr("id", id).attr("type", "error")
                            .child(Node.builder("error").attr("code", "401").attr("text", "wrong code")).build());
                }
            }
        }

        private void loggedIn(ChannelHandlerContext ctx, String address) {
            user = address;
            Channel old = sessions.put(address, ctx.channel());
            if (old != null && old != ctx.channel()) {
                ConnectionErrorHandler.closeWithError(old, 409, "replaced by a new login");
            }
        }
    }
}

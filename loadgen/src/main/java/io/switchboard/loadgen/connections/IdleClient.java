// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.loadgen.connections;

import io.netty.channel.EventLoop;
import io.switchboard.client.Backoff;
import io.switchboard.client.ClientTransport;
import io.switchboard.client.ConnectionClosed;
import io.switchboard.client.ConnectionSettings;
import io.switchboard.client.SwitchboardConnection;
import io.switchboard.protocol.node.Node;
import io.switchboard.protocol.noise.X25519;
import io.switchboard.protocol.noise.X25519KeyPair;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One simulated device of a worker: registers its number in dev mode over the SDK's {@link SwitchboardConnection}
 * (register, verify with the dev code, close), then holds one idle logged-in connection and, once logged in,
 * reconnects after every loss with the SDK's jittered {@link Backoff}, as {@code SwitchboardClient} does. Much
 * lighter than a {@code SwitchboardClient} (no client directory, outbox or inbox), so one worker process can hold
 * thousands. Confined to its event loop; it reports to its {@link ClientCounters}.
 */
final class IdleClient {
    private static final Node REGISTER = Node.of("register");
    private static final Node LOGIN = Node.of("login");

    private final String phone;
    private final ClientTransport transport;
    private final EventLoop loop;
    private final ConnectionSettings settings;
    private final X25519 x25519;
    private final List<InetSocketAddress> servers;
    private final ClientCounters counters;
    private final Duration backoffInitial;
    private final Duration backoffMax;
    private X25519KeyPair key;
    private Backoff backoff;
    private SwitchboardConnection connection;
    private CompletableFuture<Node> pendingIq;
    private boolean stopped;

    IdleClient(String phone, X25519KeyPair key, ClientTransport transport, ConnectionSettings settings, X25519 x25519,
            List<InetSocketAddress> servers, ClientCounters counters, Duration backoffInitial, Duration backoffMax) {
        this.phone = phone;
        this.key = key;
        this.transport = transport;
        this.loop = transport.nextLoop();
        this.settings = settings;
        this.x25519 = x25519;
        this.servers = servers;
        this.counters = counters;
        this.backoffInitial = backoffInitial;
        this.backoffMax = backoffMax;
    }

    String phone() {
        return phone;
    }

    /** The device key, once registered (or loaded from a key file). */
    X25519KeyPair key() {
        return key;
    }

    /**
     * Registers the number with a new device key: register connection, code request, verify with the code a
     * dev-mode server returns; closes the connection after the verify succeeds.
     *
     * @return completes once verified; fails with the server's refusal or the connection's failure
     */
    CompletableFuture<Void> register() {
        X25519KeyPair candidate = x25519.generateKeyPair();
        SwitchboardConnection conn = new SwitchboardConnection(transport, loop, settings, x25519, candidate, null,
                iqListener());
        return conn.connect(servers, REGISTER).thenCompose(first -> {
            if (!first.tag().equals("success") || !"register".equals(first.attr("mode"))) {
                throw new CompletionException(new IllegalStateException("register refused: " + first));
            }
            return iq(conn, Node.builder("iq").attr("id", "r").attr("type", "set")
                    .child(Node.builder("register").attr("phone", phone)).build());
        }).thenCompose(reply -> {
            Node register = reply.child("register");
            String code = register == null ? null : register.attr("code");
            if (code == null) {
                throw new CompletionException(new IllegalStateException("no dev code in " + reply));
            }
            return iq(conn, Node.builder("iq").attr("id", "v").attr("type", "set")
                    .child(Node.builder("verify").attr("phone", phone).attr("code", code)).build());
        }).thenAccept(reply -> {
            if (reply.child("success") == null) {
                throw new CompletionException(new IllegalStateException("verify refused: " + reply));
            }
            key = candidate;
        }).whenComplete((ok, failure) -> conn.close());
    }

    /**
     * Logs in; from the first success on, every lost connection is re-established with backoff. A first attempt
     * that fails is retried with backoff too (a load generator's connect storm may meet a full accept queue).
     *
     * @return completes at the first successful login; fails only when the server refuses the login for good (400,
     *     401); other refusals (503: try again) are retried with backoff
     */
    CompletableFuture<Void> login() {
        CompletableFuture<Void> first = new CompletableFuture<>();
        loop.execute(() -> {
            // ThreadLocalRandom belongs to the thread that asks for it: the event loop, which alone uses it.
            backoff = new Backoff(backoffInitial, backoffMax, ThreadLocalRandom.current());
            connect(first);
        });
        return first;
    }

    /** Closes the connection (the server sees a network close); the client reconnects with backoff. */
    void drop() {
        loop.execute(() -> {
            if (connection != null) {
                connection.close();
            }
        });
    }

    /** Closes the connection for good. */
    void stop() {
        loop.execute(() -> {
            stopped = true;
            if (connection != null) {
                connection.close();
            }
        });
    }

    private void connect(CompletableFuture<Void> first) {
        if (stopped) {
            return;
        }
        SwitchboardConnection[] self = new SwitchboardConnection[1];
        SwitchboardConnection conn = new SwitchboardConnection(transport, loop, settings, x25519, key, null,
                new SwitchboardConnection.Listener() {
                    @Override
                    public void onClose(ConnectionClosed closed) {
                        onConnectionClosed(self[0], first);
                    }
                });
        self[0] = conn;
        conn.connect(servers, LOGIN).whenComplete((reply, error) -> loop.execute(() -> {
            if (error != null) {
                counters.connectFailed();
                retry(first);
            } else if (!reply.tag().equals("success")) {
                conn.close();
                counters.loginRefused();
                System.err.println(phone + ": login refused: " + reply);
                if (isPermanent(reply)) {
                    first.completeExceptionally(new IllegalStateException(phone + ": login refused: " + reply));
                } else {
                    retry(first);  // e.g. 503: the server could not check accounts right now
                }
            } else if (stopped) {
                conn.close();
            } else {
                connection = conn;
                backoff.reset();
                counters.loggedIn();
                first.complete(null);
            }
        }));
    }

    /** 400 (bad hello) and 401 (unknown key) will not change on a retry; anything else may. */
    private static boolean isPermanent(Node failure) {
        String code = failure.attr("code");
        return "400".equals(code) || "401".equals(code);
    }

    private void onConnectionClosed(SwitchboardConnection conn, CompletableFuture<Void> first) {
        loop.execute(() -> {
            if (conn != connection) {
                return;  // a refused login's connection, or one closed before it was adopted
            }
            connection = null;
            counters.lost();
            retry(first);
        });
    }

    private void retry(CompletableFuture<Void> first) {
        if (!stopped) {
            loop.schedule(() -> connect(first), backoff.next().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private CompletableFuture<Node> iq(SwitchboardConnection conn, Node request) {
        CompletableFuture<Node> reply = new CompletableFuture<>();
        loop.execute(() -> {
            pendingIq = reply;
            conn.send(request).exceptionally(failure -> {
                reply.completeExceptionally(failure);
                return null;
            });
        });
        return reply.orTimeout(30, TimeUnit.SECONDS).thenApply(node -> {
            if ("error".equals(node.attr("type"))) {
                throw new CompletionException(new IllegalStateException("refused: " + node));
            }
            return node;
        });
    }

    private SwitchboardConnection.Listener iqListener() {
        return new SwitchboardConnection.Listener() {
            @Override
            public void onNode(Node node) {
                if (node.tag().equals("iq") && pendingIq != null) {
                    CompletableFuture<Node> waiting = pendingIq;
                    pendingIq = null;
                    waiting.complete(node);
                }
            }

            @Override
            public void onClose(ConnectionClosed closed) {
                if (pendingIq != null) {
                    pendingIq.completeExceptionally(new IllegalStateException("closed: " + closed.reason()));
                }
            }
        };
    }
}

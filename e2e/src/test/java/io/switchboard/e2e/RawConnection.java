// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.e2e;

import io.switchboard.client.ClientTransport;
import io.switchboard.client.ConnectionClosed;
import io.switchboard.client.ConnectionSettings;
import io.switchboard.client.SwitchboardConnection;
import io.switchboard.crypto.SignalX25519;
import io.switchboard.protocol.node.Node;
import io.switchboard.protocol.noise.X25519KeyPair;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A low-level SDK connection that sends exactly the nodes a test writes, for stanzas the high-level client would
 * never send (a forged sender, a repeated id, a stanza instead of a login) and records what comes back.
 */
final class RawConnection implements AutoCloseable {
    final LinkedBlockingQueue<Node> received = new LinkedBlockingQueue<>();
    /** How the connection ended, once it has. */
    volatile ConnectionClosed closed;
    final Node firstReply;
    private final SwitchboardConnection connection;

    RawConnection(ClientTransport transport, int port, X25519KeyPair deviceKey, Node hello) throws Exception {
        this(transport, port, deviceKey, hello, ConnectionSettings.DEFAULT);
    }

    RawConnection(ClientTransport transport, int port, X25519KeyPair deviceKey, Node hello,
                  ConnectionSettings settings) throws Exception {
        connection = new SwitchboardConnection(transport, transport.nextLoop(), settings,
                new SignalX25519(), deviceKey, null, new SwitchboardConnection.Listener() {
                    @Override
                    public void onNode(Node node) {
                        received.add(node);
                    }

                    @Override
                    public void onClose(ConnectionClosed why) {
                        closed = why;
                    }
                });
        firstReply = connection.connect(List.of(new InetSocketAddress("127.0.0.1", port)), hello)
                .get(30, TimeUnit.SECONDS);
    }

    void send(Node node) throws Exception {
        connection.send(node).get(10, TimeUnit.SECONDS);
    }

    /** The next node the server sends that has {@code tag}, skipping others (pings, pushes). */
    Node next(String tag) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Node node = received.poll(100, TimeUnit.MILLISECONDS);
            if (node != null && node.tag().equals(tag)) {
                return node;
            }
        }
        throw new AssertionError("no <" + tag + "> from the server within 30 s");
    }

    boolean isOpen() {
        return connection.isOpen();
    }

    @Override
    public void close() {
        connection.close();
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import io.switchboard.transport.TransportSettings;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * How one client connection behaves.
 *
 * @param transport      frame and node bounds, handshake timeout
 * @param connectTimeout TCP connect timeout per address
 * @param pingInterval   a ping is sent after this long without writing; a server silent for twice as long is
 *                       taken for dead and the connection is closed (so the client reconnects)
 * @param localAddress   the local address to bind the socket to before connecting (any free port on it), or
 *                       {@code null} to let the system choose; a load generator spreads its connections over
 *                       several loopback addresses this way, since each has its own ephemeral ports
 */
public record ConnectionSettings(TransportSettings transport, Duration connectTimeout, Duration pingInterval,
        InetAddress localAddress) {

    /** Protocol defaults, 5 s to connect, a ping after 60 s of silence, any local address. */
    public static final ConnectionSettings DEFAULT =
            new ConnectionSettings(TransportSettings.DEFAULT, Duration.ofSeconds(5), Duration.ofSeconds(60));

    /** Settings that let the system choose the local address. */
    public ConnectionSettings(TransportSettings transport, Duration connectTimeout, Duration pingInterval) {
        this(transport, connectTimeout, pingInterval, null);
    }

    public ConnectionSettings {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(pingInterval, "pingInterval");
        if (connectTimeout.isNegative() || connectTimeout.isZero() || pingInterval.isNegative()
                || pingInterval.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }

    /** These settings with sockets bound to {@code address} (any free port on it); {@code null}: any address. */
    public ConnectionSettings withLocalAddress(InetAddress address) {
        return new ConnectionSettings(transport, connectTimeout, pingInterval, address);
    }
}

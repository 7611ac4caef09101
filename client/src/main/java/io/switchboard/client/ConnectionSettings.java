// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import io.switchboard.transport.TransportSettings;

import java.time.Duration;
import java.util.Objects;

/**
 * How one client connection behaves.
 *
 * @param transport      frame and node bounds, handshake timeout
 * @param connectTimeout TCP connect timeout per address
 * @param pingInterval   a ping is sent after this long without writing; a server silent for twice as long is
 *                       taken for dead and the connection is closed (so the client reconnects)
 */
public record ConnectionSettings(TransportSettings transport, Duration connectTimeout, Duration pingInterval) {

    /** Protocol defaults, 5 s to connect, a ping after 60 s of silence. */
    public static final ConnectionSettings DEFAULT =
            new ConnectionSettings(TransportSettings.DEFAULT, Duration.ofSeconds(5), Duration.ofSeconds(60));

    public ConnectionSettings {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(pingInterval, "pingInterval");
        if (connectTimeout.isNegative() || connectTimeout.isZero() || pingInterval.isNegative()
                || pingInterval.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }
}

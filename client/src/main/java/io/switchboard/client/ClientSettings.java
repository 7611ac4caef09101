// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link SwitchboardClient} connects and retries.
 *
 * @param servers        server addresses; each (re)connect starts at the next one and tries them all in order
 * @param directory      the client directory (device key, account, counters)
 * @param connection     per-connection settings
 * @param backoffInitial first reconnect delay ceiling
 * @param backoffMax     largest reconnect delay
 * @param requestTimeout how long a registration request may wait for its answer
 * @param maxPending     messages and read receipts that may await their ack at once; beyond it {@code send}
 *                       refuses, so an offline client does not queue without bound
 * @param serverErrorRetries how often a message the server answered with a 5xx (not stored now, outcome unknown) is
 *                       sent again with the same id, after a pause growing from 250 ms to 5 s, before its send
 *                       fails with the last answer; 15 (about a minute) rides out a node failover or a full disk
 */
public record ClientSettings(List<InetSocketAddress> servers, Path directory, ConnectionSettings connection,
        Duration backoffInitial, Duration backoffMax, Duration requestTimeout, int maxPending,
        int serverErrorRetries) {

    public ClientSettings {
        servers = List.copyOf(servers);
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("at least one server address is needed");
        }
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(backoffInitial, "backoffInitial");
        Objects.requireNonNull(backoffMax, "backoffMax");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (maxPending < 1) {
            throw new IllegalArgumentException("maxPending must be positive");
        }
        if (serverErrorRetries < 0) {
            throw new IllegalArgumentException("serverErrorRetries must not be negative");
        }
    }

    /** Defaults: reconnect after 0.5–1 s, doubling up to 30 s; 30 s per request; 10,000 pending; 15 retries. */
    public static ClientSettings of(Path directory, List<InetSocketAddress> servers) {
        return new ClientSettings(servers, directory, ConnectionSettings.DEFAULT, Duration.ofSeconds(1),
                Duration.ofSeconds(30), Duration.ofSeconds(30), 10_000, 15);
    }

    /** These settings with other reconnect delays. */
    public ClientSettings withBackoff(Duration initial, Duration max) {
        return new ClientSettings(servers, directory, connection, initial, max, requestTimeout, maxPending,
                serverErrorRetries);
    }

    /** These settings with other per-connection settings (e.g. a local address to bind to). */
    public ClientSettings withConnection(ConnectionSettings connection) {
        return new ClientSettings(servers, directory, connection, backoffInitial, backoffMax, requestTimeout,
                maxPending, serverErrorRetries);
    }

    /** These settings with another number of retries after a 5xx (0: the first 5xx fails the send). */
    public ClientSettings withServerErrorRetries(int retries) {
        return new ClientSettings(servers, directory, connection, backoffInitial, backoffMax, requestTimeout,
                maxPending, retries);
    }
}

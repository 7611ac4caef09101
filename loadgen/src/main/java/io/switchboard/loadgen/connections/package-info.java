// SPDX-License-Identifier: AGPL-3.0-only
/**
 * The {@code connect} and {@code reconnect} engines of the load generator (issue 6): many idle, authenticated
 * connections on one server process, spread over worker processes and loopback source addresses, with the server's
 * memory per connection and the time to get every client back after a drop. {@link
 * io.switchboard.loadgen.connections.ConnectionsCoordinator#run} is the entry point; it lives in {@code bench} until
 * the {@code loadgen} module exists.
 */
package io.switchboard.loadgen.connections;

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import java.io.IOException;

/**
 * A connection could not be established or ended before the server's first reply: no address accepted the TCP
 * connection, the handshake failed (wrong server key, version mismatch) or the server closed it, in which case
 * {@link #closed()} says why.
 */
public final class ConnectionFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient ConnectionClosed closed;

    public ConnectionFailedException(String message, ConnectionClosed closed, Throwable cause) {
        super(message, cause);
        this.closed = closed;
    }

    /** Why the server closed it, if it got that far. */
    public ConnectionClosed closed() {
        return closed;
    }
}

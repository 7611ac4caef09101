// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.transport;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;

import java.time.Duration;

/**
 * The peer did not complete the connection header and Noise handshake in time. A connection that is slow to prove
 * itself holds a socket and buffers for nothing, so it is closed like any other failed handshake
 * ({@code HANDSHAKE_FAILED}).
 */
public final class HandshakeTimeoutException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    public HandshakeTimeoutException(Duration timeout) {
        super(ErrorCode.HANDSHAKE_FAILED, "handshake did not complete within " + timeout.toMillis() + " ms");
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.noise;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;

/**
 * The Noise handshake cannot go on: a handshake message was malformed, out of turn, too long or failed
 * authentication, a peer key was invalid (low order), or the two ends disagree on the prologue. The handshake state
 * that threw it is dead; close the connection.
 *
 * <p>Carries {@link ErrorCode#HANDSHAKE_FAILED}; like every {@link ProtocolException} it has no stack trace.
 */
public final class HandshakeFailedException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    public HandshakeFailedException(String message) {
        super(ErrorCode.HANDSHAKE_FAILED, message);
    }

    public HandshakeFailedException(String message, Throwable cause) {
        super(ErrorCode.HANDSHAKE_FAILED, message, cause);
    }
}

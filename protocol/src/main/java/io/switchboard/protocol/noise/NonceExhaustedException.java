// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.noise;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;

/**
 * A cipher state reached nonce 2<sup>64</sup>-1, which Noise reserves: it may encrypt or decrypt nothing
 * more, so the connection must be re-established with a fresh handshake. Unreachable in practice, but a bound is a
 * bound.
 *
 * <p>Carries {@link ErrorCode#NONCE_EXHAUSTED}; like every {@link ProtocolException} it has no stack trace.
 */
public final class NonceExhaustedException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    public NonceExhaustedException(String message) {
        super(ErrorCode.NONCE_EXHAUSTED, message);
    }

    public NonceExhaustedException(String message, Throwable cause) {
        super(ErrorCode.NONCE_EXHAUSTED, message, cause);
    }
}

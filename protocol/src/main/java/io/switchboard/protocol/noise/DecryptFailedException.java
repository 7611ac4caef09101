// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.noise;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;

/**
 * A transport message failed AES-GCM authentication: tampered, truncated, reordered, replayed or encrypted
 * under another key. The receiving cipher state's nonce did not move, but the stream can no longer be trusted: close
 * the connection.
 *
 * <p>Carries {@link ErrorCode#DECRYPT_FAILED}; like every {@link ProtocolException} it has no stack trace.
 */
public final class DecryptFailedException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    public DecryptFailedException(String message) {
        super(ErrorCode.DECRYPT_FAILED, message);
    }

    public DecryptFailedException(String message, Throwable cause) {
        super(ErrorCode.DECRYPT_FAILED, message, cause);
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol;

/**
 * A peer sent something the protocol does not allow. Carries the {@link ErrorCode} that is sent back (or logged)
 * and a message naming what was wrong and where. Subclasses name the condition where it is thrown, for example
 * {@code FrameTooLargeException}.
 *
 * <p>Expected on bad input, so it has no stack trace: filling one in costs more than decoding a frame, and a
 * fuzzer or a hostile client must not be able to make that cost matter.
 */
public class ProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public ProtocolException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ProtocolException(ErrorCode code, String message, Throwable cause) {
        super(message, cause, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    @Override
    public String toString() {
        return "ProtocolException[" + code + " " + code.code() + "]: " + getMessage();
    }
}

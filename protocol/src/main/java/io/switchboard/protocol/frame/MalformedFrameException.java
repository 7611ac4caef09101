// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.frame;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;

/** The stream of frames is broken: it ended inside a frame, or does not start with a Switchboard header. */
public final class MalformedFrameException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    MalformedFrameException(String message) {
        super(ErrorCode.MALFORMED_FRAME, message);
    }
}

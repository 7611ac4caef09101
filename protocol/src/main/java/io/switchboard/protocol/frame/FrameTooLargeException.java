// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.frame;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;

/** A frame header announced more bytes than the configured maximum; thrown before any of them is read. */
public final class FrameTooLargeException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    private final int length;
    private final int maxFrameSize;

    FrameTooLargeException(int length, int maxFrameSize) {
        super(ErrorCode.FRAME_TOO_LARGE, "frame of " + length + " bytes exceeds the maximum of " + maxFrameSize);
        this.length = length;
        this.maxFrameSize = maxFrameSize;
    }

    public int length() {
        return length;
    }

    public int maxFrameSize() {
        return maxFrameSize;
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.node;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;

/** A frame's payload is not a valid encoded node; the message names the field and the byte offset. */
public final class MalformedNodeException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    private final int offset;

    MalformedNodeException(String field, int offset, String problem) {
        super(ErrorCode.MALFORMED_NODE, field + " at byte " + offset + ": " + problem);
        this.offset = offset;
    }

    /** Offset of the offending byte from the start of the payload. */
    public int offset() {
        return offset;
    }
}

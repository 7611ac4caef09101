// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.node;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;

/** A node is well-formed but past one of the {@link NodeLimits}; the message names the limit and the offset. */
public final class NodeLimitExceededException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    NodeLimitExceededException(String field, int offset, long value, int limit) {
        super(ErrorCode.LIMIT_EXCEEDED, field + " at byte " + offset + ": " + value + " exceeds the limit of " + limit);
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.frame;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;

/** The peer speaks another protocol or dictionary version than this end. */
public final class UnsupportedVersionException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    UnsupportedVersionException(String message) {
        super(ErrorCode.UNSUPPORTED_VERSION, message);
    }
}

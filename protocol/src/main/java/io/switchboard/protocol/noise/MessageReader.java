// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.noise;

import java.util.Arrays;

/**
 * A cursor over one received handshake message that turns every short read into a
 * {@link HandshakeFailedException} naming the missing field and its offset, so no peer input can cause an
 * index exception.
 */
final class MessageReader {
    private final byte[] message;
    private int offset;

    MessageReader(byte[] message) {
        this.message = message;
    }

    byte[] take(int length, String field) throws HandshakeFailedException {
        if (message.length - offset < length) {
            throw new HandshakeFailedException("handshake message of " + message.length + " bytes ends inside the "
                    + field + " at offset " + offset + " (" + length + " bytes expected)");
        }
        byte[] bytes = Arrays.copyOfRange(message, offset, offset + length);
        offset += length;
        return bytes;
    }

    byte[] rest() {
        byte[] rest = Arrays.copyOfRange(message, offset, message.length);
        offset = message.length;
        return rest;
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

import java.io.ByteArrayOutputStream;

/** Byte-array helpers for the transport tests. */
final class TestBytes {
    private TestBytes() {
    }

    /** Bytes from int literals, so vectors read as the hex in PROTOCOL.md. */
    static byte[] of(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** The readable bytes of an outbound message ({@code ByteBuf}), released afterwards. */
    static byte[] readAll(Object outbound) {
        ByteBuf buf = (ByteBuf) outbound;
        try {
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }
}

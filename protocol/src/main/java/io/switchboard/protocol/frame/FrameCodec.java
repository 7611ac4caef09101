// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.frame;

/**
 * The frame layout: a 3-byte big-endian payload length, then the payload. One frame carries one handshake message
 * or one encrypted node. The maximum is configurable (default {@value #DEFAULT_MAX_FRAME_SIZE} bytes) and checked
 * from the header alone, before the payload is read or any buffer is allocated for it.
 */
public final class FrameCodec {

    public static final int HEADER_LENGTH = 3;
    /** The default maximum payload: 1 MiB, enough for any stanza; media travels over upload, not in frames. */
    public static final int DEFAULT_MAX_FRAME_SIZE = 1 << 20;
    /** The largest length three bytes can express. */
    public static final int ABSOLUTE_MAX_FRAME_SIZE = (1 << 24) - 1;

    private final int maxFrameSize;

    public FrameCodec(int maxFrameSize) {
        if (maxFrameSize < 1 || maxFrameSize > ABSOLUTE_MAX_FRAME_SIZE) {
            throw new IllegalArgumentException("max frame size must be within 1.." + ABSOLUTE_MAX_FRAME_SIZE
                    + ", was " + maxFrameSize);
        }
        this.maxFrameSize = maxFrameSize;
    }

    public int maxFrameSize() {
        return maxFrameSize;
    }

    /**
     * A new array holding the header and {@code payload}.
     *
     * @throws FrameTooLargeException when the payload is longer than the maximum
     */
    public byte[] frame(byte[] payload) throws FrameTooLargeException {
        checkLength(payload.length);
        byte[] frame = new byte[HEADER_LENGTH + payload.length];
        writeHeader(payload.length, frame, 0);
        System.arraycopy(payload, 0, frame, HEADER_LENGTH, payload.length);
        return frame;
    }

    /** Writes the 3-byte header for a payload of {@code length} bytes at {@code offset}. */
    public static void writeHeader(int length, byte[] into, int offset) {
        into[offset] = (byte) (length >>> 16);
        into[offset + 1] = (byte) (length >>> 8);
        into[offset + 2] = (byte) length;
    }

    /** The payload length a header announces. */
    public static int readHeader(byte b0, byte b1, byte b2) {
        return (b0 & 0xFF) << 16 | (b1 & 0xFF) << 8 | (b2 & 0xFF);
    }

    /**
     * Checks an announced payload length against the maximum.
     *
     * @throws FrameTooLargeException when it is larger
     */
    public void checkLength(int length) throws FrameTooLargeException {
        if (length > maxFrameSize) {
            throw new FrameTooLargeException(length, maxFrameSize);
        }
    }

    /** A reader that cuts a byte stream into frames under this codec's maximum. */
    public FrameReader newReader() {
        return new FrameReader(this);
    }
}

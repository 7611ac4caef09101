// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.frame;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a byte stream, arriving in chunks of any size, into frame payloads. Tells "need more bytes" (no payload yet)
 * apart from "broken" (a typed exception). The length is checked against the maximum as soon as the 3 header
 * bytes are in, before the payload buffer is allocated. One per connection; not thread-safe.
 */
public final class FrameReader {
    private final FrameCodec codec;
    private final byte[] header = new byte[FrameCodec.HEADER_LENGTH];
    private int headerFilled;
    private byte[] payload;
    private int payloadFilled;
    private boolean failed;

    FrameReader(FrameCodec codec) {
        this.codec = codec;
    }

    /**
     * Consumes {@code length} bytes and returns the payloads they complete, in order (often none).
     *
     * @throws FrameTooLargeException when a header announces too long a payload; the reader is then unusable,
     *                                since the stream's framing can no longer be trusted
     */
    public List<byte[]> feed(byte[] bytes, int offset, int length) throws FrameTooLargeException {
        if (failed) {
            throw new IllegalStateException("this stream already failed; close the connection");
        }
        List<byte[]> frames = List.of();
        int pos = offset;
        int end = offset + length;
        while (pos < end) {
            if (payload == null) {
                int n = Math.min(FrameCodec.HEADER_LENGTH - headerFilled, end - pos);
                System.arraycopy(bytes, pos, header, headerFilled, n);
                headerFilled += n;
                pos += n;
                if (headerFilled < FrameCodec.HEADER_LENGTH) {
                    break;
                }
                int announced = FrameCodec.readHeader(header[0], header[1], header[2]);
                try {
                    codec.checkLength(announced);
                } catch (FrameTooLargeException e) {
                    failed = true;
                    throw e;
                }
                payload = new byte[announced];
                payloadFilled = 0;
            }
            int n = Math.min(payload.length - payloadFilled, end - pos);
            System.arraycopy(bytes, pos, payload, payloadFilled, n);
            payloadFilled += n;
            pos += n;
            if (payloadFilled == payload.length) {
                if (frames.isEmpty()) {
                    frames = new ArrayList<>(2);
                }
                frames.add(payload);
                payload = null;
                headerFilled = 0;
            }
        }
        return frames;
    }

    /** Whether the stream is between frames: nothing of a partial frame is buffered. */
    public boolean isAtBoundary() {
        return payload == null && headerFilled == 0;
    }

    /**
     * Called when the stream ends.
     *
     * @throws MalformedFrameException when it ended inside a frame
     */
    public void finish() throws MalformedFrameException {
        if (payload != null) {
            throw new MalformedFrameException("stream ended inside a frame: " + payloadFilled + " of "
                    + payload.length + " payload bytes");
        }
        if (headerFilled != 0) {
            throw new MalformedFrameException("stream ended inside a frame header: " + headerFilled + " of "
                    + FrameCodec.HEADER_LENGTH + " bytes");
        }
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.transport;

import io.switchboard.protocol.frame.FrameCodec;
import io.switchboard.protocol.node.NodeLimits;

import java.time.Duration;
import java.util.Objects;

/**
 * The bounds one connection's pipeline enforces, shared by server and client.
 *
 * @param maxFrameSize          largest frame payload accepted (and sent) once the handshake is complete
 * @param handshakeMaxFrameSize largest frame payload accepted during the handshake; handshake messages are tiny
 *                              (message 2 is 96 bytes, message 3 is 64 bytes plus one small node), so a peer that
 *                              has not proved anything yet cannot make this end buffer a megabyte
 * @param handshakeTimeout      time from the channel becoming active to a complete handshake; then it is closed
 * @param nodeLimits            bounds on every decoded node
 */
public record TransportSettings(int maxFrameSize, int handshakeMaxFrameSize, Duration handshakeTimeout,
        NodeLimits nodeLimits) {

    /** 1 MiB frames, 4 KiB during the handshake, 10 s to finish it, the protocol's default node limits. */
    public static final TransportSettings DEFAULT = new TransportSettings(FrameCodec.DEFAULT_MAX_FRAME_SIZE, 4096,
            Duration.ofSeconds(10), NodeLimits.DEFAULT);

    public TransportSettings {
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(nodeLimits, "nodeLimits");
        checkFrameSize("maxFrameSize", maxFrameSize);
        checkFrameSize("handshakeMaxFrameSize", handshakeMaxFrameSize);
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshakeTimeout must be positive, was " + handshakeTimeout);
        }
    }

    /** These settings with another frame maximum after the handshake. */
    public TransportSettings withMaxFrameSize(int size) {
        return new TransportSettings(size, handshakeMaxFrameSize, handshakeTimeout, nodeLimits);
    }

    /** These settings with another handshake timeout. */
    public TransportSettings withHandshakeTimeout(Duration timeout) {
        return new TransportSettings(maxFrameSize, handshakeMaxFrameSize, timeout, nodeLimits);
    }

    private static void checkFrameSize(String name, int size) {
        if (size < 1 || size > FrameCodec.ABSOLUTE_MAX_FRAME_SIZE) {
            throw new IllegalArgumentException(name + " must be within 1.." + FrameCodec.ABSOLUTE_MAX_FRAME_SIZE
                    + ", was " + size);
        }
    }
}

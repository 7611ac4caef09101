// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import io.switchboard.protocol.frame.FrameCodec;
import io.switchboard.protocol.node.Node;

import java.util.Objects;

/**
 * One node that crossed a logged-in or registration connection, reported to {@link SwitchboardClient#onWire}
 * listeners: its direction, the node, and the size of the frame that carried it.
 *
 * @param direction  sent by this client or received from the server
 * @param node       the node as sent or as decoded
 * @param frameBytes the whole frame on the wire: the 3-byte length header, the encoded node and the 16-byte Noise
 *                   tag (PROTOCOL.md §3, §4.6)
 */
public record WireEvent(Direction direction, Node node, int frameBytes) {

    /** The AES-GCM tag Noise appends to every transport message. */
    public static final int NOISE_TAG_LENGTH = 16;

    public WireEvent {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(node, "node");
    }

    /** The size of the frame carrying a node whose encoding is {@code encodedBytes} long. */
    public static int frameSize(int encodedBytes) {
        return FrameCodec.HEADER_LENGTH + encodedBytes + NOISE_TAG_LENGTH;
    }

    /** Which way the node went. */
    public enum Direction {
        SENT, RECEIVED
    }
}

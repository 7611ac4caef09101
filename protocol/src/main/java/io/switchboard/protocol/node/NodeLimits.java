// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.node;

/**
 * The bounds the decoder enforces on every node, whatever the frame size: a node past any of them is rejected with
 * {@link io.switchboard.protocol.ErrorCode#LIMIT_EXCEEDED} before anything is allocated for it.
 *
 * @param maxDepth        deepest nesting of child lists (the top node is depth 0)
 * @param maxListLength   most children in one list (a group of 1,024 members must fit)
 * @param maxAttributes   most attributes on one node
 * @param maxStringLength longest tag, attribute key or value, in UTF-8 bytes once decoded from its encoding
 * @param maxBytesLength  longest byte content
 */
public record NodeLimits(int maxDepth, int maxListLength, int maxAttributes, int maxStringLength,
                         int maxBytesLength) {

    /** Defaults for stanzas on a client connection (docs/PROTOCOL.md, "Limits"). */
    public static final NodeLimits DEFAULT = new NodeLimits(32, 4096, 64, 16 * 1024, 1024 * 1024);

    public NodeLimits {
        if (maxDepth < 1 || maxListLength < 1 || maxAttributes < 0 || maxStringLength < 1 || maxBytesLength < 0) {
            throw new IllegalArgumentException("node limits must be positive: " + maxDepth + ", " + maxListLength
                    + ", " + maxAttributes + ", " + maxStringLength + ", " + maxBytesLength);
        }
    }
}

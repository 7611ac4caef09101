// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.node;

import java.util.Arrays;
import java.util.List;

/**
 * What a {@link Node} carries after its attributes: nothing, a list of child nodes, or raw bytes. Immutable.
 */
public sealed interface Content permits Content.Empty, Content.Children, Content.Bytes {

    /** The content of a node that has none. */
    Empty NONE = new Empty();

    /** No content: {@code <presence type='available'/>}. */
    record Empty() implements Content {
    }

    /** Child nodes, in order. An empty list is a valid content, distinct from {@link #NONE}. */
    record Children(List<Node> nodes) implements Content {
        public Children {
            nodes = List.copyOf(nodes);
        }
    }

    /**
     * Raw bytes: a body, ciphertext, a key. The array is owned by this object; {@link #toArray()} hands out a copy.
     */
    final class Bytes implements Content {
        private final byte[] bytes;

        private Bytes(byte[] bytes) {
            this.bytes = bytes;
        }

        /** Copies {@code bytes}, so the caller may reuse its array. */
        public static Bytes copyOf(byte[] bytes) {
            return new Bytes(bytes.clone());
        }

        /** Takes ownership of {@code bytes} without a copy: only for arrays nobody else holds (the decoder's). */
        static Bytes owning(byte[] bytes) {
            return new Bytes(bytes);
        }

        public int length() {
            return bytes.length;
        }

        /** A copy of the bytes. */
        public byte[] toArray() {
            return bytes.clone();
        }

        /** The bytes without a copy, for the encoder and renderer in this package. */
        byte[] unsafeArray() {
            return bytes;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes other && Arrays.equals(bytes, other.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        /** Only the length: content may be a message body or ciphertext, and must never reach a log. */
        @Override
        public String toString() {
            return "Bytes[" + bytes.length + "]";
        }
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.node;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes a {@link Node} into the binary form of docs/PROTOCOL.md. Stateless and thread-safe.
 *
 * <p>Every string takes the shortest form that applies, tried in this order: dictionary token (1 or 2 bytes), JID
 * pair when the part after the last '@' is a token, packed decimal, packed hex, raw UTF-8. {@link NodeDecoder}
 * reads every form wherever a string may stand, so the choice is the encoder's alone.
 */
public final class NodeEncoder {

    private final TokenDictionary dictionary;

    public NodeEncoder(TokenDictionary dictionary) {
        this.dictionary = dictionary;
    }

    /**
     * Encodes {@code node}.
     *
     * @throws IllegalArgumentException when a list has more than 65,535 items or a string is not valid Unicode
     *                                  (an unpaired surrogate): the caller built a node no peer could read
     */
    public byte[] encode(Node node) {
        Output out = new Output(64);
        writeNode(out, node);
        return out.toArray();
    }

    private void writeNode(Output out, Node node) {
        Attributes attributes = node.attributes();
        boolean hasContent = !(node.content() instanceof Content.Empty);
        writeListHeader(out, 1 + 2 * attributes.size() + (hasContent ? 1 : 0));
        writeString(out, node.tag());
        for (int i = 0; i < attributes.size(); i++) {
            writeString(out, attributes.key(i));
            writeString(out, attributes.value(i));
        }
        if (node.content() instanceof Content.Children children) {
            List<Node> nodes = children.nodes();
            writeListHeader(out, nodes.size());
            for (Node child : nodes) {
                writeNode(out, child);
            }
        } else if (node.content() instanceof Content.Bytes bytes) {
            writeBinary(out, bytes.unsafeArray());
        }
    }

    private static void writeListHeader(Output out, int size) {
        if (size == 0) {
            out.write(WireTag.LIST_EMPTY);
        } else if (size <= WireTag.LIST_SHORT_MAX) {
            out.write(WireTag.SHORT_LIST_1 + size - 1);
        } else if (size < 0x100) {
            out.write(WireTag.LIST_8);
            out.write(size);
        } else if (size < 0x10000) {
            out.write(WireTag.LIST_16);
            out.write(size >>> 8);
            out.write(size);
        } else {
            throw new IllegalArgumentException("a list of " + size + " items cannot be encoded (at most 65,535)");
        }
    }

    private void writeString(Output out, String s) {
        int code = dictionary.code(s);
        if (code >= 0) {
            writeCode(out, code);
            return;
        }
        int at = s.lastIndexOf('@');
        if (at >= 0) {
            int serverCode = dictionary.code(s, at + 1, s.length());
            if (serverCode >= 0) {
                // The user part takes every form but a JID pair: a JID may not nest another JID.
                out.write(WireTag.JID_PAIR);
                int userCode = dictionary.code(s, 0, at);
                if (userCode >= 0) {
                    writeCode(out, userCode);
                } else {
                    writeUntokenised(out, s, 0, at);
                }
                writeCode(out, serverCode);
                return;
            }
        }
        writeUntokenised(out, s, 0, s.length());
    }

    /** {@code s[from, to)}, known not to be a token: packed decimal, packed hex or raw UTF-8. */
    private static void writeUntokenised(Output out, String s, int from, int to) {
        if (PackedAlphabet.NIBBLE.canPack(s, from, to)) {
            writePacked(out, WireTag.NIBBLE_8, PackedAlphabet.NIBBLE, s, from, to);
        } else if (PackedAlphabet.HEX.canPack(s, from, to)) {
            writePacked(out, WireTag.HEX_8, PackedAlphabet.HEX, s, from, to);
        } else {
            writeBinary(out, utf8(from == 0 && to == s.length() ? s : s.substring(from, to)));
        }
    }

    private static void writeCode(Output out, int code) {
        if (code < 0x100) {
            out.write(code);
        } else {
            int index = code - 0x100;
            out.write(WireTag.DICTIONARY_0 + (index >>> 8));
            out.write(index & 0xFF);
        }
    }

    private static void writePacked(Output out, int tag, PackedAlphabet alphabet, String s, int from, int to) {
        int n = to - from;
        int packedBytes = (n + 1) / 2;
        out.write(tag);
        out.write(((n & 1) << 7) | packedBytes);
        for (int i = from; i < to; i += 2) {
            int high = alphabet.nibble(s.charAt(i));
            int low = i + 1 < to ? alphabet.nibble(s.charAt(i + 1)) : PackedAlphabet.FILLER;
            out.write((high << 4) | low);
        }
    }

    private static void writeBinary(Output out, byte[] bytes) {
        int n = bytes.length;
        if (n < 0x100) {
            out.write(WireTag.BINARY_8);
            out.write(n);
        } else if (n < 0x100000) {
            out.write(WireTag.BINARY_20);
            out.write(n >>> 16);
            out.write(n >>> 8);
            out.write(n);
        } else {
            out.write(WireTag.BINARY_32);
            out.write(n >>> 24);
            out.write(n >>> 16);
            out.write(n >>> 8);
            out.write(n);
        }
        out.write(bytes);
    }

    private static byte[] utf8(String s) {
        int n = s.length();
        boolean ascii = true;
        for (int i = 0; ascii && i < n; i++) {
            ascii = s.charAt(i) < 0x80;
        }
        if (ascii) {
            return s.getBytes(StandardCharsets.ISO_8859_1);
        }
        try {
            ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(s));
            return Arrays.copyOfRange(encoded.array(), encoded.position(), encoded.limit());
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("string is not valid Unicode (unpaired surrogate); cannot encode", e);
        }
    }

    /** A growable byte array; one per {@link #encode} call. */
    private static final class Output {
        private byte[] buf;
        private int pos;

        Output(int capacity) {
            buf = new byte[capacity];
        }

        void write(int b) {
            if (pos == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            buf[pos++] = (byte) b;
        }

        void write(byte[] bytes) {
            if (pos + bytes.length > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + bytes.length));
            }
            System.arraycopy(bytes, 0, buf, pos, bytes.length);
            pos += bytes.length;
        }

        byte[] toArray() {
            return Arrays.copyOf(buf, pos);
        }
    }
}

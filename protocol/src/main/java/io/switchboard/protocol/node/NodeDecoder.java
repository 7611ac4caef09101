// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.node;

import io.switchboard.protocol.ProtocolException;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes one node from a frame's payload in a single forward pass. Stateless and thread-safe.
 *
 * <p>Any bytes give either a {@link Node} or a {@link ProtocolException}: {@link MalformedNodeException} naming the
 * field and offset, or {@link NodeLimitExceededException} for a node past the {@link NodeLimits}. Every length and
 * count is checked against the bytes left and the limits before anything is allocated, so a lying length cannot
 * cost memory. Tokens decode to the dictionary's own {@code String} instances; bytes left after the node are an
 * error.
 */
public final class NodeDecoder {

    private final TokenDictionary dictionary;
    private final NodeLimits limits;

    public NodeDecoder(TokenDictionary dictionary, NodeLimits limits) {
        this.dictionary = dictionary;
        this.limits = limits;
    }

    public Node decode(byte[] payload) throws ProtocolException {
        return decode(payload, 0, payload.length);
    }

    /** Decodes the node in {@code payload[offset, offset + length)}, which must hold exactly one node. */
    public Node decode(byte[] payload, int offset, int length) throws ProtocolException {
        Cursor in = new Cursor(payload, offset, offset + length);
        Node node = readNode(in, 0);
        if (in.pos != in.end) {
            throw in.malformed("node", in.end - in.pos + " bytes left after the node");
        }
        return node;
    }

    private Node readNode(Cursor in, int depth) throws ProtocolException {
        if (depth > limits.maxDepth()) {
            throw new NodeLimitExceededException("nesting depth", in.offset(), depth, limits.maxDepth());
        }
        int size = readListSize(in, "node");
        if (size == 0) {
            throw in.malformed("node", "a node is a list of at least its tag, found an empty list");
        }
        String tag = readString(in, "tag");
        if (tag.isEmpty()) {
            throw in.malformed("tag", "empty tag");
        }
        int attributeCount = (size - 1) / 2;
        if (attributeCount > limits.maxAttributes()) {
            throw new NodeLimitExceededException("attribute count", in.offset(), attributeCount,
                    limits.maxAttributes());
        }
        String[] keysAndValues = new String[2 * attributeCount];
        for (int i = 0; i < keysAndValues.length; i += 2) {
            int keyOffset = in.offset();
            String key = readString(in, "attribute key");
            if (key.isEmpty()) {
                throw new MalformedNodeException("attribute key", keyOffset, "empty key");
            }
            if (Attributes.indexOf(keysAndValues, i, key) >= 0) {
                throw new MalformedNodeException("attribute key", keyOffset, "'" + key + "' appears twice");
            }
            keysAndValues[i] = key;
            keysAndValues[i + 1] = readString(in, "attribute value");
        }
        Content content = (size - 1) % 2 == 1 ? readContent(in, depth) : Content.NONE;
        return new Node(tag, Attributes.trusted(keysAndValues), content);
    }

    private Content readContent(Cursor in, int depth) throws ProtocolException {
        int b = in.peek("content");
        if (WireTag.isBinary(b)) {
            return Content.Bytes.owning(readBinary(in, "content", limits.maxBytesLength()));
        }
        if (!WireTag.isList(b)) {
            throw in.malformed("content", String.format("expected a list of nodes or bytes, found 0x%02X", b));
        }
        int count = readListSize(in, "children");
        if (count > limits.maxListLength()) {
            throw new NodeLimitExceededException("child count", in.offset(), count, limits.maxListLength());
        }
        // Each child takes at least two bytes: no honest count exceeds what is left.
        if (count > in.remaining() / 2) {
            throw in.malformed("children", count + " children announced, only " + in.remaining() + " bytes left");
        }
        if (count == 1) { // the common case (a message and its body) without an array
            return new Content.Children(List.of(readNode(in, depth + 1)));
        }
        Node[] children = new Node[count];
        for (int i = 0; i < count; i++) {
            children[i] = readNode(in, depth + 1);
        }
        // List.of gives the immutable list Children keeps as it is, so the array is copied once, not twice.
        return new Content.Children(List.of(children));
    }

    private static int readListSize(Cursor in, String field) throws ProtocolException {
        int b = in.read(field);
        if (b == WireTag.LIST_EMPTY) {
            return 0;
        }
        if (b >= WireTag.SHORT_LIST_1 && b < WireTag.SHORT_LIST_1 + WireTag.LIST_SHORT_MAX) {
            return b - WireTag.SHORT_LIST_1 + 1;
        }
        if (b == WireTag.LIST_8) {
            return in.read(field);
        }
        if (b == WireTag.LIST_16) {
            return in.read(field) << 8 | in.read(field);
        }
        throw new MalformedNodeException(field, in.pos - in.start - 1, String.format("expected a list, found 0x%02X", b));
    }

    private String readString(Cursor in, String field) throws ProtocolException {
        int b = in.peek(field);
        if (b == WireTag.JID_PAIR) {
            in.pos++;
            String user = readPlainString(in, jidPart(field, " (JID user)"));
            String server = readToken(in, jidPart(field, " (JID server)"));
            long utf8Length = utf8Length(user) + 1L + server.length(); // tokens are ASCII
            if (utf8Length > limits.maxStringLength()) {
                throw new NodeLimitExceededException(field + " length", in.offset(), utf8Length,
                        limits.maxStringLength());
            }
            return user + '@' + server;
        }
        return readPlainString(in, field);
    }

    /**
     * The name of a JID's part in error messages. The fields a JID is read for are named as constants, so reading
     * one builds no string (this was 2 % of a busy server's samples).
     */
    private static String jidPart(String field, String part) {
        boolean user = part.equals(" (JID user)");
        return switch (field) {
            case "tag" -> user ? "tag (JID user)" : "tag (JID server)";
            case "attribute key" -> user ? "attribute key (JID user)" : "attribute key (JID server)";
            case "attribute value" -> user ? "attribute value (JID user)" : "attribute value (JID server)";
            default -> field + part;
        };
    }

    private static long utf8Length(String s) {
        long length = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                length += 1;
            } else if (c < 0x800 || Character.isSurrogate(c)) {
                length += 2; // each half of a surrogate pair: 2 + 2 = the 4 bytes of its code point
            } else {
                length += 3;
            }
        }
        return length;
    }

    /** Any string form but a JID pair. */
    private String readPlainString(Cursor in, String field) throws ProtocolException {
        int b = in.peek(field);
        if (isToken(b)) {
            return readToken(in, field);
        }
        if (b == WireTag.NIBBLE_8) {
            in.pos++;
            return readPacked(in, field, PackedAlphabet.NIBBLE);
        }
        if (b == WireTag.HEX_8) {
            in.pos++;
            return readPacked(in, field, PackedAlphabet.HEX);
        }
        if (WireTag.isBinary(b)) {
            int start = in.offset();
            byte[] raw = readBinary(in, field, limits.maxStringLength());
            return utf8(raw, field, start);
        }
        throw in.malformed(field, String.format("expected a string, found 0x%02X", b));
    }

    private static boolean isToken(int b) {
        return (b >= WireTag.FIRST_TOKEN && b <= WireTag.LAST_TOKEN)
                || (b >= WireTag.DICTIONARY_0 && b <= WireTag.DICTIONARY_3);
    }

    private String readToken(Cursor in, String field) throws ProtocolException {
        int offset = in.offset();
        int b = in.read(field);
        String word;
        if (b >= WireTag.FIRST_TOKEN && b <= WireTag.LAST_TOKEN) {
            word = dictionary.primary(b);
        } else if (b >= WireTag.DICTIONARY_0 && b <= WireTag.DICTIONARY_3) {
            word = dictionary.secondary(b - WireTag.DICTIONARY_0, in.read(field));
        } else {
            throw new MalformedNodeException(field, offset, String.format("expected a token, found 0x%02X", b));
        }
        if (word == null) {
            throw new MalformedNodeException(field, offset, "token not in dictionary version "
                    + TokenDictionary.VERSION);
        }
        return word;
    }

    private String readPacked(Cursor in, String field, PackedAlphabet alphabet) throws ProtocolException {
        int offset = in.offset() - 1; // where the HEX_8 or NIBBLE_8 byte stood
        int header = in.read(field);
        int packedBytes = header & 0x7F;
        boolean odd = (header & 0x80) != 0;
        if (packedBytes == 0) {
            throw in.malformed(field, "packed string of length zero");
        }
        int length = 2 * packedBytes - (odd ? 1 : 0);
        if (length > limits.maxStringLength()) {
            throw new NodeLimitExceededException(field + " length", offset, length, limits.maxStringLength());
        }
        in.require(packedBytes, field);
        char[] chars = new char[length];
        for (int i = 0; i < packedBytes; i++) {
            int v = in.buf[in.pos] & 0xFF;
            chars[2 * i] = symbol(in, field, alphabet, v >>> 4);
            if (2 * i + 1 < length) {
                chars[2 * i + 1] = symbol(in, field, alphabet, v & 0xF);
            } else if ((v & 0xF) != PackedAlphabet.FILLER) {
                throw in.malformed(field, "odd-length packed string must end with filler nibble 0xF");
            }
            in.pos++;
        }
        return new String(chars);
    }

    private static char symbol(Cursor in, String field, PackedAlphabet alphabet, int nibble)
            throws MalformedNodeException {
        char c = alphabet.symbol(nibble);
        if (c == '\0') {
            throw in.malformed(field, "nibble 0x" + Integer.toHexString(nibble) + " has no character");
        }
        return c;
    }

    private static byte[] readBinary(Cursor in, String field, int limit) throws ProtocolException {
        int offset = in.offset();
        int b = in.read(field);
        long length;
        if (b == WireTag.BINARY_8) {
            length = in.read(field);
        } else if (b == WireTag.BINARY_20) {
            length = (long) in.read(field) << 16 | in.read(field) << 8 | in.read(field);
            if (length >= 1 << 20) {
                throw new MalformedNodeException(field, offset, "BINARY_20 length uses more than 20 bits");
            }
        } else {
            length = ((long) in.read(field) << 24) | in.read(field) << 16 | in.read(field) << 8 | in.read(field);
        }
        if (length > limit) {
            throw new NodeLimitExceededException(field + " length", offset, length, limit);
        }
        if (length > in.remaining()) {
            throw new MalformedNodeException(field, offset, "needs " + length + " bytes, payload has "
                    + in.remaining() + " left");
        }
        byte[] bytes = Arrays.copyOfRange(in.buf, in.pos, in.pos + (int) length);
        in.pos += (int) length;
        return bytes;
    }

    private static String utf8(byte[] raw, String field, int offset) throws MalformedNodeException {
        boolean ascii = true;
        for (int i = 0; ascii && i < raw.length; i++) {
            ascii = raw[i] >= 0;
        }
        if (ascii) {
            return new String(raw, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedNodeException(field, offset, "invalid UTF-8");
        }
    }

    /** Read position over one payload; every read checks the end. */
    private static final class Cursor {
        final byte[] buf;
        final int start;
        final int end;
        int pos;

        Cursor(byte[] buf, int start, int end) {
            this.buf = buf;
            this.start = start;
            this.end = end;
            this.pos = start;
        }

        int offset() {
            return pos - start;
        }

        int remaining() {
            return end - pos;
        }

        int peek(String field) throws MalformedNodeException {
            if (pos >= end) {
                throw malformed(field, "payload ends early");
            }
            return buf[pos] & 0xFF;
        }

        int read(String field) throws MalformedNodeException {
            int b = peek(field);
            pos++;
            return b;
        }

        void require(int length, String field) throws MalformedNodeException {
            if (length > end - pos) {
                throw malformed(field, "needs " + length + " bytes, payload has " + (end - pos) + " left");
            }
        }

        MalformedNodeException malformed(String field, String problem) {
            return new MalformedNodeException(field, offset(), problem);
        }
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.node;

import io.switchboard.protocol.ProtocolException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeCodecTest {

    private final NodeEncoder encoder = new NodeEncoder(TokenDictionary.standard());
    private final NodeDecoder decoder = new NodeDecoder(TokenDictionary.standard(), NodeLimits.DEFAULT);

    /** The hello message, byte by byte; docs/PROTOCOL.md shows the same dump. */
    static final byte[] HELLO = bytes(
            0xF4,                                     // LIST_6: tag + 2 attributes (4 items) + content
            0x01,                                     // token "message"
            0x06,                                     // token "to"
            0xF9,                                     // JID_PAIR
            0xFB, 0x86, 0x15, 0x55, 0x12, 0x30, 0x00, 0x2F, // NIBBLE_8, odd, 6 bytes: "15551230002" + filler
            0x11,                                     // token "s.switchboard" (the JID's server)
            0x07,                                     // token "id"
            0xFA, 0x01, 0xA3,                         // HEX_8, 1 byte: "a3"
            0xEF,                                     // LIST_1: the children
            0xF0,                                     // LIST_2: tag + content
            0x04,                                     // token "body"
            0xFC, 0x05, 'h', 'e', 'l', 'l', 'o');     // BINARY_8, 5 bytes

    static Node hello() {
        return Node.builder("message")
                .attr("to", "15551230002@s.switchboard")
                .attr("id", "a3")
                .child(Node.builder("body").bytes("hello".getBytes(StandardCharsets.UTF_8)))
                .build();
    }

    @Test
    void helloEncodesToTheDocumentedBytes() {
        assertThat(encoder.encode(hello())).isEqualTo(HELLO);
    }

    @Test
    void helloDecodesFromTheDocumentedBytes() throws ProtocolException {
        assertThat(decoder.decode(HELLO)).isEqualTo(hello());
    }

    @Test
    void tokensDecodeToTheDictionarysOwnStrings() throws ProtocolException {
        Node decoded = decoder.decode(HELLO);
        assertThat(decoded.tag()).isSameAs(TokenDictionary.standard().primary(1));
    }

    @Test
    void nodeWithoutAttributesOrContentIsTwoBytes() {
        assertThat(encoder.encode(Node.of("ping"))).containsExactly(0xEF, tokenOf("ping"));
    }

    @Test
    void secondaryTokenTakesPageAndIndex() throws ProtocolException {
        Node node = Node.builder("media").attr("mime", "image/jpeg").build();
        byte[] encoded = encoder.encode(node);
        // LIST_3, "media", "mime", DICTIONARY_0, index 0 ("image/jpeg" is the first secondary word)
        assertThat(encoded).containsExactly(0xF1, tokenOf("media"), tokenOf("mime"), 0xEB, 0x00);
        assertThat(decoder.decode(encoded)).isEqualTo(node);
    }

    @Test
    void digitStringsPackTwoToAByte() throws ProtocolException {
        Node node = Node.builder("ack").attr("t", "1732700000").build();
        byte[] encoded = encoder.encode(node);
        // LIST_3, "ack", "t", NIBBLE_8 even 5 bytes, 17 32 70 00 00
        assertThat(encoded).containsExactly(0xF1, tokenOf("ack"), tokenOf("t"), 0xFB, 0x05,
                0x17, 0x32, 0x70, 0x00, 0x00);
        assertThat(decoder.decode(encoded)).isEqualTo(node);
    }

    @Test
    void raw20AndRaw32LengthsRoundTrip() throws ProtocolException {
        for (int length : new int[] {255, 256, (1 << 20) - 1, 1 << 20}) {
            Node node = Node.builder("media").bytes(new byte[length]).build();
            byte[] encoded = encoder.encode(node);
            assertThat(decoder.decode(encoded)).isEqualTo(node);
        }
    }

    @Test
    void emptyChildListIsDistinctFromNoContent() throws ProtocolException {
        Node empty = Node.builder("list").children(List.of()).build();
        assertThat(decoder.decode(encoder.encode(empty))).isEqualTo(empty);
        assertThat(decoder.decode(encoder.encode(empty))).isNotEqualTo(Node.of("list"));
    }

    @Test
    void groupNotificationWith1024ParticipantsRoundTrips() throws ProtocolException {
        Node node = CodecFixtures.groupNotification(1024);
        byte[] encoded = encoder.encode(node);
        assertThat(decoder.decode(encoded)).isEqualTo(node);
        // Each participant: LIST_3, "participant"-less jid pair (1 + 8 + 1), i.e. about a dozen bytes.
        assertThat(encoded.length).isLessThan(1024 * 16);
    }

    @Test
    void jidUserPartNeverNestsAnotherJid() throws ProtocolException {
        Node node = Node.builder("iq").attr("to", "x@s.switchboard@s.switchboard").build();
        assertThat(decoder.decode(encoder.encode(node))).isEqualTo(node);
    }

    @Test
    void stringWithUnpairedSurrogateIsRefusedByTheEncoder() {
        Node node = Node.builder("iq").attr("name", "a\uD800b").build();
        assertThatThrownBy(() -> encoder.encode(node)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("surrogate");
    }

    @Test
    void deeplyNestedNodeWithinLimitRoundTrips() throws ProtocolException {
        Node node = nested(NodeLimits.DEFAULT.maxDepth());
        assertThat(decoder.decode(encoder.encode(node))).isEqualTo(node);
    }

    static Node nested(int depth) {
        Node node = Node.of("item");
        for (int i = 0; i < depth; i++) {
            node = Node.builder("item").child(node).build();
        }
        return node;
    }

    static int tokenOf(String word) {
        return TokenDictionary.standard().code(word);
    }

    static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    static List<Integer> list(byte[] bytes) {
        List<Integer> out = new ArrayList<>();
        for (byte b : bytes) {
            out.add(b & 0xFF);
        }
        return out;
    }
}

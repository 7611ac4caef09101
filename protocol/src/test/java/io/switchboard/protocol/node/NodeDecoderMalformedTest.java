// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.node;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

import static io.switchboard.protocol.node.NodeCodecTest.bytes;
import static io.switchboard.protocol.node.NodeCodecTest.tokenOf;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One test per way a payload can be broken; each names the field and offset in its error. */
class NodeDecoderMalformedTest {

    private final NodeDecoder decoder = new NodeDecoder(TokenDictionary.standard(), NodeLimits.DEFAULT);
    private final int ping = tokenOf("ping");
    private final int iq = tokenOf("iq");
    private final int id = tokenOf("id");

    private AbstractThrowableAssert<?, ? extends Throwable> decoding(int... payload) {
        return assertThatThrownBy(() -> decoder.decode(bytes(payload))).isInstanceOf(ProtocolException.class);
    }

    private void malformed(String messagePart, int... payload) {
        decoding(payload).isInstanceOf(MalformedNodeException.class).hasMessageContaining(messagePart)
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo(ErrorCode.MALFORMED_NODE);
    }

    private void overLimit(String messagePart, int... payload) {
        decoding(payload).isInstanceOf(NodeLimitExceededException.class).hasMessageContaining(messagePart)
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
    }

    @Test
    void emptyPayloadIsMalformed() {
        malformed("node at byte 0: payload ends early");
    }

    @Test
    void nodeThatIsAnEmptyListIsMalformed() {
        malformed("found an empty list", 0x00);
    }

    @Test
    void nodeThatDoesNotStartWithAListIsMalformed() {
        malformed("node at byte 0: expected a list, found 0x01", 0x01);
    }

    @Test
    void bytesLeftAfterTheNodeAreMalformed() {
        malformed("1 bytes left after the node", 0xEF, ping, 0x00);
    }

    @Test
    void truncatedAttributeIsMalformed() {
        malformed("attribute value at byte 3: payload ends early", 0xF0 + 1, iq, id);
    }

    @Test
    void unassignedPrimaryTokenIsMalformed() {
        malformed("tag at byte 1: token not in dictionary", 0xEF, 0xEA);
    }

    @Test
    void unassignedSecondaryTokenIsMalformed() {
        malformed("tag at byte 1: token not in dictionary", 0xEF, 0xEE, 0xFF);
    }

    @Test
    void reservedByteIsMalformed() {
        malformed("tag at byte 1: expected a string, found 0xFF", 0xEF, 0xFF);
    }

    @Test
    void listWhereAStringBelongsIsMalformed() {
        malformed("tag at byte 1: expected a string, found 0xEF", 0xEF, 0xEF);
    }

    @Test
    void emptyTagIsMalformed() {
        malformed("empty tag", 0xEF, 0xFC, 0x00);
    }

    @Test
    void emptyAttributeKeyIsMalformed() {
        malformed("attribute key at byte 2: empty key", 0xF1, iq, 0xFC, 0x00, id);
    }

    @Test
    void repeatedAttributeKeyIsMalformed() {
        malformed("attribute key at byte 4: 'id' appears twice", 0xF3, iq, id, id, id, id);
    }

    @Test
    void binaryLengthBeyondThePayloadIsMalformed() {
        malformed("content at byte 2: needs 200 bytes, payload has 1 left", 0xF0, iq, 0xFC, 200, 'x');
    }

    @Test
    void binary32LengthLieIsCaughtBeforeAllocating() {
        overLimit("content length at byte 2: 2147483647 exceeds the limit of 1048576",
                0xF0, iq, 0xFE, 0x7F, 0xFF, 0xFF, 0xFF);
    }

    @Test
    void binary20WithHighBitsSetIsMalformed() {
        malformed("BINARY_20 length uses more than 20 bits", 0xF0, iq, 0xFD, 0x10, 0x00, 0x00);
    }

    @Test
    void packedStringOfLengthZeroIsMalformed() {
        malformed("packed string of length zero", 0xEF, 0xFB, 0x00);
    }

    @Test
    void packedNibbleWithoutACharacterIsMalformed() {
        malformed("nibble 0xd has no character", 0xEF, 0xFB, 0x01, 0x1D);
    }

    @Test
    void oddPackedStringWithoutFillerIsMalformed() {
        malformed("must end with filler nibble", 0xEF, 0xFA, 0x81, 0xA3);
    }

    @Test
    void packedStringLongerThanThePayloadIsMalformed() {
        malformed("needs 5 bytes", 0xEF, 0xFB, 0x05, 0x12);
    }

    @Test
    void invalidUtf8IsMalformed() {
        malformed("tag at byte 1: invalid UTF-8", 0xEF, 0xFC, 0x02, 0xC3, 0x28);
    }

    @Test
    void jidWhoseServerIsNotATokenIsMalformed() {
        malformed("(JID server) at byte 5: expected a token", 0xEF, 0xF9, 0xFB, 0x01, 0x12, 0xFC, 0x01, 'x');
    }

    @Test
    void jidInsideAJidUserIsMalformed() {
        malformed("(JID user) at byte 2: expected a string, found 0xF9", 0xEF, 0xF9, 0xF9);
    }

    @Test
    void contentThatIsNeitherListNorBytesIsMalformed() {
        malformed("content at byte 2: expected a list of nodes or bytes, found 0x01", 0xF0, iq, 0x01);
    }

    @Test
    void childCountBeyondThePayloadIsMalformed() {
        malformed("children at byte 4: 255 children announced", 0xF0, iq, 0xF7, 0xFF, 0xEF, ping);
    }

    @Test
    void list16CountBeyondTheLimitIsRefused() {
        overLimit("child count at byte 5: 65535 exceeds the limit of 4096", 0xF0, iq, 0xF8, 0xFF, 0xFF);
    }

    @Test
    void tooManyAttributesAreRefused() {
        // LIST_8 with 131 items: tag + 65 attribute pairs, one more than the default 64.
        overLimit("attribute count at byte 3: 65 exceeds the limit of 64", 0xF7, 131, iq);
    }

    @Test
    void nestingBeyondTheDepthLimitIsRefused() {
        NodeLimits shallow = new NodeLimits(2, 10, 10, 100, 100);
        NodeDecoder strict = new NodeDecoder(TokenDictionary.standard(), shallow);
        byte[] deep = new NodeEncoder(TokenDictionary.standard()).encode(NodeCodecTest.nested(3));
        assertThatThrownBy(() -> strict.decode(deep)).isInstanceOf(NodeLimitExceededException.class)
                .hasMessageContaining("nesting depth at byte 9: 3 exceeds the limit of 2");
    }

    @Test
    void stringLongerThanTheLimitIsRefused() {
        NodeLimits small = new NodeLimits(2, 10, 10, 4, 100);
        NodeDecoder strict = new NodeDecoder(TokenDictionary.standard(), small);
        assertThatThrownBy(() -> strict.decode(bytes(0xEF, 0xFC, 5, 'a', 'b', 'c', 'd', 'e')))
                .isInstanceOf(NodeLimitExceededException.class)
                .hasMessageContaining("tag length at byte 1: 5 exceeds the limit of 4");
    }

    @Test
    void packedStringLongerThanTheLimitIsRefused() {
        NodeLimits small = new NodeLimits(2, 10, 10, 4, 100);
        NodeDecoder strict = new NodeDecoder(TokenDictionary.standard(), small);
        assertThatThrownBy(() -> strict.decode(bytes(0xEF, 0xFB, 0x03, 0x12, 0x34, 0x56)))
                .isInstanceOf(NodeLimitExceededException.class)
                .hasMessageContaining("tag length at byte 1: 6 exceeds the limit of 4");
    }

    @Test
    void jidLongerThanTheLimitInUtf8BytesIsRefused() {
        NodeLimits small = new NodeLimits(2, 10, 10, 16, 100);
        NodeDecoder strict = new NodeDecoder(TokenDictionary.standard(), small);
        // JID_PAIR, user "ééé" (6 UTF-8 bytes, 3 chars), server "s.switchboard" (13): 6 + 1 + 13 = 20 > 16
        assertThatThrownBy(() -> strict.decode(bytes(0xEF, 0xF9, 0xFC, 6, 0xC3, 0xA9, 0xC3, 0xA9, 0xC3, 0xA9,
                tokenOf("s.switchboard"))))
                .isInstanceOf(NodeLimitExceededException.class)
                .hasMessageContaining("tag length at byte 11: 20 exceeds the limit of 16");
    }
}

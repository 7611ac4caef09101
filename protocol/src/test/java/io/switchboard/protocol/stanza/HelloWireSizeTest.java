// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.stanza;

import io.switchboard.protocol.frame.FrameCodec;
import io.switchboard.protocol.id.UserId;
import io.switchboard.protocol.node.Node;
import io.switchboard.protocol.node.NodeDecoder;
import io.switchboard.protocol.node.NodeEncoder;
import io.switchboard.protocol.node.NodeLimits;
import io.switchboard.protocol.node.TokenDictionary;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The protocol's headline: a "hello" chat message fits in at most 32 bytes on the wire, frame header included. */
class HelloWireSizeTest {

    private final NodeEncoder encoder = new NodeEncoder(TokenDictionary.standard());

    @Test
    void helloFrameIsAtMost32Bytes() throws Exception {
        Node hello = new ChatMessageStanza(UserId.fromPhone("+15551230002").address(), "a3", "hello", true)
                .toNode();
        byte[] frame = new FrameCodec(FrameCodec.DEFAULT_MAX_FRAME_SIZE).frame(encoder.encode(hello));
        assertThat(frame).hasSizeLessThanOrEqualTo(32);
        assertThat(frame).hasSize(30);
    }

    @Test
    void optingOutOfReceiptsCostsTwoBytes() {
        ChatMessageStanza quiet = new ChatMessageStanza("15551230002@s.switchboard", "a3", "hello", false);
        ChatMessageStanza normal = new ChatMessageStanza("15551230002@s.switchboard", "a3", "hello", true);
        assertThat(encoder.encode(quiet.toNode()).length - encoder.encode(normal.toNode()).length).isEqualTo(2);
    }

    @Test
    void helloRoundTrips() throws Exception {
        Node hello = new ChatMessageStanza("15551230002@s.switchboard", "a3", "hello \uD83D\uDC4B", true).toNode();
        NodeDecoder decoder = new NodeDecoder(TokenDictionary.standard(), NodeLimits.DEFAULT);
        assertThat(decoder.decode(encoder.encode(hello))).isEqualTo(hello);
    }
}

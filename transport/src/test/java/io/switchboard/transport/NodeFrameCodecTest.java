// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.transport;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.node.Node;
import io.switchboard.protocol.node.NodeLimits;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeFrameCodecTest {

    private static final Node HELLO = Node.builder("message")
            .attr("to", "15551230002@s.switchboard").attr("id", "a3")
            .child(Node.builder("body").bytes("hello".getBytes(StandardCharsets.UTF_8)))
            .build();

    @Test
    void helloVectorDecodesToTheHelloNode() {
        EmbeddedChannel channel = new EmbeddedChannel(new NodeFrameDecoder(NodeLimits.DEFAULT));
        channel.writeInbound((Object) FrameDecoderTest.HELLO_NODE);
        assertThat((Node) channel.readInbound()).isEqualTo(HELLO);
    }

    @Test
    void helloNodeEncodesToTheHelloVector() {
        EmbeddedChannel channel = new EmbeddedChannel(new NodeFrameEncoder());
        channel.writeOutbound(HELLO);
        assertThat((byte[]) channel.readOutbound()).isEqualTo(FrameDecoderTest.HELLO_NODE);
    }

    @Test
    void pingVectorOfSectionTenTwoDecodes() {
        EmbeddedChannel channel = new EmbeddedChannel(new NodeFrameDecoder(NodeLimits.DEFAULT));
        channel.writeInbound((Object) TestBytes.of(0xEF, 0x29));  // SHORT_LIST_1, token "ping"
        assertThat((Node) channel.readInbound()).isEqualTo(Node.of("ping"));
    }

    @Test
    void leftoverBytesAfterANodeAreMalformedNode() {
        EmbeddedChannel channel = new EmbeddedChannel(new NodeFrameDecoder(NodeLimits.DEFAULT));
        assertThatThrownBy(() -> channel.writeInbound((Object) TestBytes.of(0xEF, 0x29, 0x00)))
                .isInstanceOf(DecoderException.class)
                .satisfies(e -> assertThat(FrameDecoderTest.codeOf(e)).isEqualTo(ErrorCode.MALFORMED_NODE));
    }

    @Test
    void nodePastALimitIsLimitExceeded() {
        // An iq whose byte content claims 2,147,483,647 bytes (PROTOCOL.md §6).
        EmbeddedChannel channel = new EmbeddedChannel(new NodeFrameDecoder(NodeLimits.DEFAULT));
        assertThatThrownBy(() -> channel.writeInbound((Object) TestBytes.of(0xF0, 0x0F, 0xFE, 0x7F, 0xFF, 0xFF, 0xFF)))
                .satisfies(e -> assertThat(FrameDecoderTest.codeOf(e)).isEqualTo(ErrorCode.LIMIT_EXCEEDED));
    }
}

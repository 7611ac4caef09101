// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameDecoderTest {

    /** The hello frame of PROTOCOL.md §10.1, before transport encryption: 3-byte length, then the 27-byte node. */
    static final byte[] HELLO_FRAME = TestBytes.of(
            0x00, 0x00, 0x1B,                               // frame header: payload length 27
            0xF4,                                           // SHORT_LIST_6: tag + 2 attributes + content
            0x01,                                           // token "message"
            0x06,                                           // token "to"
            0xF9,                                           // JID_PAIR
            0xFB, 0x86, 0x15, 0x55, 0x12, 0x30, 0x00, 0x2F, // NIBBLE_8, odd, 6 bytes: "15551230002"
            0x11,                                           // token "s.switchboard"
            0x07,                                           // token "id"
            0xFA, 0x01, 0xA3,                               // HEX_8, 1 byte: "a3"
            0xEF,                                           // SHORT_LIST_1: the children
            0xF0,                                           // SHORT_LIST_2: tag + content
            0x04,                                           // token "body"
            0xFC, 0x05, 'h', 'e', 'l', 'l', 'o');           // BINARY_8, 5 bytes
    static final byte[] HELLO_NODE = Arrays.copyOfRange(HELLO_FRAME, 3, HELLO_FRAME.length);

    @Test
    void helloFrameSplitAtEveryByteBoundaryYieldsOnePayload() {
        for (int cut = 0; cut <= HELLO_FRAME.length; cut++) {
            EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(1 << 20));
            channel.writeInbound(Unpooled.wrappedBuffer(HELLO_FRAME, 0, cut));
            channel.writeInbound(Unpooled.wrappedBuffer(HELLO_FRAME, cut, HELLO_FRAME.length - cut));
            assertThat((byte[]) channel.readInbound()).as("cut at %d", cut).isEqualTo(HELLO_NODE);
            assertThat((Object) channel.readInbound()).isNull();
            assertThat(channel.finish()).isFalse();
        }
    }

    @Test
    void helloFrameFedOneByteAtATimeYieldsOnePayload() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(1 << 20));
        for (byte b : HELLO_FRAME) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        assertThat((byte[]) channel.readInbound()).isEqualTo(HELLO_NODE);
    }

    @Test
    void severalFramesInOneReadComeOutInOrder() {
        byte[] three = TestBytes.concat(HELLO_FRAME, TestBytes.of(0x00, 0x00, 0x00), HELLO_FRAME);
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(1 << 20));
        channel.writeInbound(Unpooled.wrappedBuffer(three));
        assertThat((byte[]) channel.readInbound()).isEqualTo(HELLO_NODE);
        assertThat((byte[]) channel.readInbound()).isEmpty();
        assertThat((byte[]) channel.readInbound()).isEqualTo(HELLO_NODE);
    }

    @Test
    void oversizeLengthFailsFromTheHeaderAloneWithFrameTooLarge() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(26));
        // Only the 3 header bytes: the decoder must not wait for the 27 payload bytes.
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(HELLO_FRAME, 0, 3)))
                .isInstanceOf(DecoderException.class)
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.FRAME_TOO_LARGE));
    }

    @Test
    void bytesAfterAnOversizeFrameAreDiscarded() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(26));
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(HELLO_FRAME)))
                .isInstanceOf(DecoderException.class);
        channel.writeInbound(Unpooled.wrappedBuffer(TestBytes.of(0x00, 0x00, 0x01, 0x42)));
        assertThat((Object) channel.readInbound()).isNull();
    }

    @Test
    void raisedMaximumAppliesToTheNextFrame() {
        FrameDecoder decoder = new FrameDecoder(26);
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        decoder.setMaxFrameSize(27);
        channel.writeInbound(Unpooled.wrappedBuffer(HELLO_FRAME));
        assertThat((byte[]) channel.readInbound()).isEqualTo(HELLO_NODE);
    }

    @Test
    void streamEndingInsideAFrameIsMalformedFrame() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(1 << 20));
        channel.writeInbound(Unpooled.wrappedBuffer(HELLO_FRAME, 0, 10));
        assertThatThrownBy(channel::finish)
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.MALFORMED_FRAME));
    }

    @Test
    void encoderPrependsTheThreeByteLength() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameEncoder(1 << 20));
        channel.writeOutbound((Object) HELLO_NODE);
        assertThat(TestBytes.readAll(channel.readOutbound())).isEqualTo(HELLO_FRAME);
    }

    @Test
    void encoderRefusesAPayloadOverTheMaximum() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameEncoder(26));
        assertThatThrownBy(() -> channel.writeOutbound((Object) HELLO_NODE))
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.FRAME_TOO_LARGE));
        assertThat((Object) channel.readOutbound()).isNull();
    }

    static ErrorCode codeOf(Throwable e) {
        ProtocolException p = ConnectionErrorHandler.protocolCause(e);
        return p == null ? null : p.code();
    }
}

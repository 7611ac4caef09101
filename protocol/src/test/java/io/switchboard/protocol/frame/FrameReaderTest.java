// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.frame;

import io.switchboard.protocol.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameReaderTest {

    private final FrameCodec codec = new FrameCodec(1024);

    private byte[] stream() throws Exception {
        byte[] a = codec.frame(new byte[] {1, 2, 3});
        byte[] b = codec.frame(new byte[0]);
        byte[] c = codec.frame(new byte[300]);
        byte[] all = Arrays.copyOf(a, a.length + b.length + c.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        System.arraycopy(c, 0, all, a.length + b.length, c.length);
        return all;
    }

    @Test
    void headerIsThreeBytesBigEndianLength() throws Exception {
        // 0x00 0x01 0x2C = 300
        assertThat(Arrays.copyOf(codec.frame(new byte[300]), 3)).containsExactly(0x00, 0x01, 0x2C);
    }

    @Test
    void framesSplitAtEveryByteBoundaryReassembleExactly() throws Exception {
        byte[] stream = stream();
        for (int split = 0; split <= stream.length; split++) {
            FrameReader reader = codec.newReader();
            List<byte[]> out = new ArrayList<>(reader.feed(stream, 0, split));
            out.addAll(reader.feed(stream, split, stream.length - split));
            reader.finish();
            assertThat(out).as("split at %d", split).hasSize(3);
            assertThat(out.get(0)).containsExactly(1, 2, 3);
            assertThat(out.get(1)).isEmpty();
            assertThat(out.get(2)).hasSize(300);
        }
    }

    @Test
    void framesFedOneByteAtATimeReassembleExactly() throws Exception {
        byte[] stream = stream();
        FrameReader reader = codec.newReader();
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < stream.length; i++) {
            out.addAll(reader.feed(stream, i, 1));
        }
        assertThat(out).hasSize(3);
        assertThat(reader.isAtBoundary()).isTrue();
    }

    @Test
    void oversizedFrameIsRefusedFromItsHeaderAlone() {
        FrameReader reader = codec.newReader();
        byte[] header = {0x00, 0x04, 0x01}; // 1025 bytes announced, none sent
        assertThatThrownBy(() -> reader.feed(header, 0, 3)).isInstanceOf(FrameTooLargeException.class)
                .hasMessage("frame of 1025 bytes exceeds the maximum of 1024")
                .extracting(e -> ((FrameTooLargeException) e).code()).isEqualTo(ErrorCode.FRAME_TOO_LARGE);
    }

    @Test
    void readerRefusesFurtherInputAfterAnOversizedFrame() {
        FrameReader reader = codec.newReader();
        byte[] header = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        assertThatThrownBy(() -> reader.feed(header, 0, 3)).isInstanceOf(FrameTooLargeException.class);
        assertThatThrownBy(() -> reader.feed(new byte[1], 0, 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void needMoreBytesIsNotAnError() throws Exception {
        FrameReader reader = codec.newReader();
        assertThat(reader.feed(new byte[] {0, 0, 5, 1, 2}, 0, 5)).isEmpty();
        assertThat(reader.isAtBoundary()).isFalse();
    }

    @Test
    void streamEndingInsideAPayloadIsMalformed() throws Exception {
        FrameReader reader = codec.newReader();
        reader.feed(new byte[] {0, 0, 5, 1, 2}, 0, 5);
        assertThatThrownBy(reader::finish).isInstanceOf(MalformedFrameException.class)
                .hasMessage("stream ended inside a frame: 2 of 5 payload bytes");
    }

    @Test
    void streamEndingInsideAHeaderIsMalformed() throws Exception {
        FrameReader reader = codec.newReader();
        reader.feed(new byte[] {0, 0}, 0, 2);
        assertThatThrownBy(reader::finish).isInstanceOf(MalformedFrameException.class)
                .hasMessage("stream ended inside a frame header: 2 of 3 bytes");
    }

    @Test
    void framingAPayloadOverTheMaximumFails() {
        assertThatThrownBy(() -> codec.frame(new byte[1025])).isInstanceOf(FrameTooLargeException.class);
    }

    @Test
    void maximumBeyondThreeBytesIsRejectedAtConstruction() {
        assertThatThrownBy(() -> new FrameCodec(1 << 24)).isInstanceOf(IllegalArgumentException.class);
    }
}

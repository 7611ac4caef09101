// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.node;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.frame.FrameCodec;
import io.switchboard.protocol.frame.FrameReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Feeds a million random and mutated frames through the frame reader and the node decoder: each must give nodes or
 * a typed {@link ProtocolException}; never another exception, an out-of-memory or a hang. Seeded, so a failure
 * names the seed and case that reproduce it.
 */
class NodeFuzzTest {

    private static final int CASES = 1_000_000;
    private static final long SEED = 0x5B_2026_11_28L;

    private final NodeEncoder encoder = new NodeEncoder(TokenDictionary.standard());
    private final NodeDecoder decoder = new NodeDecoder(TokenDictionary.standard(), NodeLimits.DEFAULT);
    private final FrameCodec frames = new FrameCodec(64 * 1024);

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aMillionRandomAndMutatedFramesDecodeToNodesOrTypedErrors() throws ProtocolException {
        SplittableRandom random = new SplittableRandom(SEED);
        List<byte[]> corpus = corpus(random);
        int decoded = 0;
        Map<ErrorCode, Integer> errors = new EnumMap<>(ErrorCode.class);
        for (int i = 0; i < CASES; i++) {
            byte[] input = i % 10 == 0 ? randomBytes(random) : mutate(corpus.get(random.nextInt(corpus.size())), random);
            try {
                decoded += decodeAll(input);
            } catch (ProtocolException e) {
                errors.merge(e.code(), 1, Integer::sum);
            } catch (RuntimeException | Error e) {
                fail("case " + i + " (seed " + SEED + ") threw " + e + " for " + hex(input), e);
            }
        }
        // Mutations must exercise both outcomes and every decoder error, or the fuzzer is not reaching the decoder.
        assertThat(decoded).isGreaterThan(CASES / 20);
        assertThat(errors).containsKeys(ErrorCode.MALFORMED_NODE, ErrorCode.LIMIT_EXCEEDED,
                ErrorCode.FRAME_TOO_LARGE, ErrorCode.MALFORMED_FRAME);
    }

    /** Decodes every frame in {@code input}; a decoded node must survive a second round trip unchanged. */
    private int decodeAll(byte[] input) throws ProtocolException {
        FrameReader reader = frames.newReader();
        int count = 0;
        for (byte[] payload : reader.feed(input, 0, input.length)) {
            Node node = decoder.decode(payload);
            if (!decoder.decode(encoder.encode(node)).equals(node)) {
                fail("node changed in a second round trip: " + node);
            }
            count++;
        }
        reader.finish();
        return count;
    }

    private List<byte[]> corpus(SplittableRandom random) throws ProtocolException {
        List<Node> nodes = new ArrayList<>(List.of(NodeCodecTest.hello(), CodecFixtures.groupNotification(40),
                NodeCodecTest.nested(20), Node.of("ping"),
                Node.builder("media").attr("mime", "image/jpeg").bytes(new byte[300]).build()));
        for (int i = 0; i < 200; i++) {
            nodes.add(RandomNodes.node(random, 3));
        }
        List<byte[]> out = new ArrayList<>();
        for (Node node : nodes) {
            out.add(frames.frame(encoder.encode(node)));
        }
        return out;
    }

    private static byte[] mutate(byte[] frame, SplittableRandom random) {
        byte[] b = frame.clone();
        switch (random.nextInt(7)) {
            case 0 -> { // bit flips
                for (int n = 1 + random.nextInt(4); n > 0; n--) {
                    b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> { // truncation
                return java.util.Arrays.copyOf(b, random.nextInt(b.length));
            }
            case 2 -> { // the frame header lies about the length
                int lie = random.nextBoolean() ? random.nextInt(1 << 24) : b.length - 3 + random.nextInt(-3, 4);
                FrameCodec.writeHeader(Math.max(0, lie), b, 0);
            }
            case 3 -> { // a byte inside lies: list count, string length, token
                b[3 + random.nextInt(b.length - 3)] = (byte) random.nextInt(256);
            }
            case 4 -> { // huge counts and lengths spliced in
                return splice(b, random, random.nextBoolean()
                        ? new byte[] {(byte) 0xF8, (byte) 0xFF, (byte) 0xFF}
                        : new byte[] {(byte) 0xFE, (byte) 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
            }
            case 5 -> { // random bytes spliced in, header fixed so the payload reaches the decoder
                byte[] s = splice(b, random, randomBytes(random, 1 + random.nextInt(4)));
                FrameCodec.writeHeader(s.length - 3, s, 0);
                return s;
            }
            default -> { // two frames back to back, the second mutated
                byte[] second = mutate(frame, random);
                byte[] both = java.util.Arrays.copyOf(b, b.length + second.length);
                System.arraycopy(second, 0, both, b.length, second.length);
                return both;
            }
        }
        return b;
    }

    private static byte[] splice(byte[] b, SplittableRandom random, byte[] insert) {
        int at = 3 + random.nextInt(b.length - 2);
        byte[] out = new byte[b.length + insert.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(b, at, out, at + insert.length, b.length - at);
        return out;
    }

    private static byte[] randomBytes(SplittableRandom random) {
        byte[] payload = randomBytes(random, random.nextInt(64));
        byte[] frame = new byte[payload.length + 3];
        FrameCodec.writeHeader(random.nextInt(8) == 0 ? random.nextInt(1 << 24) : payload.length, frame, 0);
        System.arraycopy(payload, 0, frame, 3, payload.length);
        return frame;
    }

    private static byte[] randomBytes(SplittableRandom random, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) random.nextInt(256);
        }
        return b;
    }

    private static String hex(byte[] b) {
        return java.util.HexFormat.of().formatHex(b, 0, Math.min(b.length, 200));
    }
}

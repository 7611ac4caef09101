// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.node;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolDoc;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.frame.ConnectionHeader;
import io.switchboard.protocol.frame.FrameCodec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every byte example in docs/PROTOCOL.md against the codec: a client written from the spec alone trusts these bytes
 * more than the prose. Examples are found by shape: fenced hex dumps (decoded, re-encoded, compared with the
 * rendering above them and with their offset table), and backticked hex in the text next to a rendering, a quoted
 * string or an error name. A backticked hex span of three bytes or more that no rule checks fails the test, so a new
 * example cannot slip in unchecked; §4.7's vector is {@code noise.ProtocolDocVectorTest}'s.
 */
class ProtocolDocBytesTest {

    private static final HexFormat HEX = HexFormat.of();
    /** {@code `<xml/>` is `f1 …`} or {@code `<xml/>` (`F0 …`)}: a node and its bytes in running text. */
    private static final Pattern INLINE_NODE = Pattern.compile("`(<[^`]+>)` (?:is |\\()`([0-9A-Fa-f ]+)`");
    /** {@code `"abc"` → `FA 82 AB CF`}: a string and its packed form. */
    private static final Pattern INLINE_STRING = Pattern.compile("`\"([^\"`]*)\"` → `([0-9A-Fa-f ]+)`");
    /** {@code `F0 0F FC C8 78` (claims 200 bytes, has 1) is `MALFORMED_NODE`}: bytes the decoder must refuse. */
    private static final Pattern INLINE_ERROR = Pattern.compile("`([0-9A-Fa-f ]+)` \\([^)]*\\) is `([A-Z_]+)`");
    /** An offset table row: {@code | 0x0F | `11` | …} or {@code | 3 | `fb 05` | …}. */
    private static final Pattern OFFSET_ROW = Pattern.compile("^\\| (0x[0-9A-Fa-f]+|[0-9]+) \\| `([0-9A-Fa-f ]+)` \\|");
    /** A rendering in a heading: {@code ### 10.2 A node with no attributes or content: `<ping/>`}. */
    private static final Pattern HEADING_NODE = Pattern.compile("`(<[^`]+>)`\\s*$");

    /**
     * Hex spans that are not encodings of something the codec makes, each with why it is left out. Two-byte spans
     * (a token, a list header, a dictionary range's end) are not listed: only three bytes or more count as examples.
     */
    private static final Map<String, String> NOT_EXAMPLES = Map.of(
            "00 00 00", "§3: the zero-length frame header, checked by FrameReaderTest",
            "F8 00 03", "§5.4: a non-shortest list header form, checked by NodeCodecTest",
            "00 00 2b", "§10.1: the frame header of the encrypted hello, checked whole by ProtocolDocVectorTest");

    private final NodeEncoder encoder = new NodeEncoder(TokenDictionary.standard());
    private final NodeDecoder decoder = new NodeDecoder(TokenDictionary.standard(), NodeLimits.DEFAULT);
    private final ProtocolDoc doc = ProtocolDoc.load();

    @Test
    void everyHexDumpIsOneNodeThatEncodesBackToTheSameBytesAndRendersAsShownAboveIt() throws Exception {
        List<ProtocolDoc.Block> blocks = doc.blocks();
        int dumps = 0;
        for (int i = 0; i < blocks.size(); i++) {
            ProtocolDoc.Block block = blocks.get(i);
            if (!block.isHexDump()) {
                continue;
            }
            dumps++;
            String where = "hex dump at PROTOCOL.md line " + block.line() + " (" + block.section() + ")";
            byte[] node = withoutFrameHeader(block.bytes());
            Node decoded = decode(node, where);
            assertThat(HEX.formatHex(encoder.encode(decoded))).as(where + " re-encoded").isEqualTo(HEX.formatHex(node));
            String rendering = renderingAbove(blocks, i);
            if (rendering != null) {
                assertThat(NodeRenderer.render(decoded)).as(where + " against its rendering").isEqualTo(rendering);
            }
        }
        assertThat(dumps).as("hex dumps found in PROTOCOL.md").isGreaterThanOrEqualTo(4);
    }

    @Test
    void everyOffsetTableRowNamesTheBytesAtItsOffsetInTheDumpAboveIt() {
        int rows = 0;
        byte[] dump = null;
        String section = null;
        List<ProtocolDoc.Block> blocks = new ArrayList<>(doc.blocks());
        List<String> lines = doc.lines();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.startsWith("#")) {
                section = line;
                dump = null;
            }
            if (!blocks.isEmpty() && blocks.get(0).line() == n + 2) {
                ProtocolDoc.Block next = blocks.remove(0);
                dump = next.isHexDump() ? next.bytes() : dump;
            }
            Matcher m = OFFSET_ROW.matcher(line);
            if (m.find() && dump != null) {
                int offset = m.group(1).startsWith("0x") ? Integer.parseInt(m.group(1).substring(2), 16)
                        : Integer.parseInt(m.group(1));
                byte[] bytes = ProtocolDoc.parseHex(m.group(2));
                assertThat(HEX.formatHex(Arrays.copyOfRange(dump, offset, Math.min(dump.length, offset + bytes.length))))
                        .as("offset table row at PROTOCOL.md line %d (%s)", n + 1, section)
                        .isEqualTo(HEX.formatHex(bytes));
                rows++;
            }
        }
        assertThat(rows).as("offset table rows found").isGreaterThanOrEqualTo(20);
    }

    @Test
    void everyNodeShownWithItsBytesInTheTextDecodesFromThemAndEncodesToThem() throws Exception {
        int found = 0;
        for (Map.Entry<Integer, MatchResult> hit : matches(INLINE_NODE)) {
            MatchResult m = hit.getValue();
            String where = "PROTOCOL.md line " + hit.getKey() + ": " + m.group(0);
            byte[] bytes = ProtocolDoc.parseHex(m.group(2));
            Node decoded = decode(bytes, where);
            assertThat(NodeRenderer.render(decoded)).as(where).isEqualTo(m.group(1));
            assertThat(HEX.formatHex(encoder.encode(decoded))).as(where).isEqualTo(HEX.formatHex(bytes));
            found++;
        }
        assertThat(found).as("inline node examples").isGreaterThanOrEqualTo(2);
    }

    @Test
    void everyStringShownWithItsPackedFormEncodesToItAndBack() throws Exception {
        int found = 0;
        for (Map.Entry<Integer, MatchResult> hit : matches(INLINE_STRING)) {
            MatchResult m = hit.getValue();
            String where = "PROTOCOL.md line " + hit.getKey() + ": " + m.group(0);
            // <ack t='…'/>: tag and key are one-byte tokens, so the value's form is what follows them.
            Node node = Node.builder("ack").attr("t", m.group(1)).build();
            byte[] expected = concat(new byte[] {(byte) 0xF1, 0x02, 0x0A}, ProtocolDoc.parseHex(m.group(2)));
            assertThat(HEX.formatHex(encoder.encode(node))).as(where).isEqualTo(HEX.formatHex(expected));
            assertThat(decoder.decode(expected).attr("t")).as(where).isEqualTo(m.group(1));
            found++;
        }
        assertThat(found).as("inline string examples").isGreaterThanOrEqualTo(5);
    }

    @Test
    void everyRefusedExampleIsRefusedWithTheCodeTheSpecNames() {
        int found = 0;
        for (Map.Entry<Integer, MatchResult> hit : matches(INLINE_ERROR)) {
            MatchResult m = hit.getValue();
            ErrorCode code = ErrorCode.valueOf(m.group(2));
            assertThatThrownBy(() -> decoder.decode(ProtocolDoc.parseHex(m.group(1))))
                    .as("PROTOCOL.md line " + hit.getKey() + ": " + m.group(0))
                    .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(code));
            found++;
        }
        assertThat(found).as("inline refused examples").isGreaterThanOrEqualTo(2);
    }

    @Test
    void connectionHeaderInTheSpecIsTheOneTheCodeSends() {
        byte[] header = ConnectionHeader.CURRENT.toBytes();
        List<ProtocolDoc.Span> headers = doc.spans().stream().filter(s -> s.text().equals("53 42 01 01")).toList();
        assertThat(headers).as("the header `53 42 01 01` in §2 and §4").isNotEmpty();
        headers.forEach(s -> assertThat(s.bytes()).as(s.where()).isEqualTo(header));
    }

    @Test
    void everyHexSpanOfThreeBytesOrMoreIsCheckedByOneOfTheseTests() {
        Set<String> checked = new HashSet<>();
        matches(INLINE_NODE).forEach(hit -> checked.add(hit.getValue().group(2)));
        matches(INLINE_STRING).forEach(hit -> checked.add(hit.getValue().group(2)));
        matches(INLINE_ERROR).forEach(hit -> checked.add(hit.getValue().group(1)));
        for (String line : doc.lines()) {
            Matcher row = OFFSET_ROW.matcher(line);
            if (row.find()) {
                checked.add(row.group(2));
            }
        }
        List<String> unchecked = new ArrayList<>();
        for (ProtocolDoc.Span span : doc.spans()) {
            boolean known = span.bytes().length < 3 || checked.contains(span.text())
                    || span.text().equals("53 42 01 01") || NOT_EXAMPLES.containsKey(span.text())
                    || span.section().startsWith("### 4.7") || span.section().startsWith("### 8.");
            if (!known) {
                unchecked.add(span.where());
            }
        }
        if (!unchecked.isEmpty()) {
            fail("byte examples no test checks; write them in a checked form (see this class) or list them in"
                    + " NOT_EXAMPLES with a reason:\n" + String.join("\n", unchecked));
        }
    }

    @Test
    void frameHeaderAroundADumpIsTheFrameCodecs() throws Exception {
        for (ProtocolDoc.Block block : doc.blocks()) {
            byte[] bytes = block.isHexDump() ? block.bytes() : null;
            if (bytes != null && hasFrameHeader(bytes)) {
                byte[] payload = Arrays.copyOfRange(bytes, 3, bytes.length);
                assertThat(new FrameCodec(FrameCodec.ABSOLUTE_MAX_FRAME_SIZE).frame(payload))
                        .as("frame at PROTOCOL.md line " + block.line()).isEqualTo(bytes);
            }
        }
    }

    /** The nearest rendering above dump {@code i} in its section: a one-line fenced block, or its heading's. */
    private static String renderingAbove(List<ProtocolDoc.Block> blocks, int i) {
        ProtocolDoc.Block dump = blocks.get(i);
        for (int j = i - 1; j >= 0 && blocks.get(j).section().equals(dump.section()); j--) {
            if (blocks.get(j).isRendering()) {
                return blocks.get(j).content().get(0);
            }
        }
        Matcher heading = HEADING_NODE.matcher(dump.section());
        return heading.find() ? heading.group(1) : null;
    }

    private Node decode(byte[] bytes, String where) throws ProtocolException {
        try {
            return decoder.decode(bytes);
        } catch (ProtocolException e) {
            throw new AssertionError(where + " does not decode: " + e, e);
        }
    }

    /** A dump may start with the 3-byte frame header (§3); it is there when it announces exactly the rest. */
    private static byte[] withoutFrameHeader(byte[] bytes) {
        return hasFrameHeader(bytes) ? Arrays.copyOfRange(bytes, 3, bytes.length) : bytes;
    }

    private static boolean hasFrameHeader(byte[] bytes) {
        return bytes.length > 3 && FrameCodec.readHeader(bytes[0], bytes[1], bytes[2]) == bytes.length - 3;
    }

    /**
     * Every match of {@code pattern} in running text, fenced blocks left out, with the 1-based line where it starts.
     * Line ends count as spaces, so an example may wrap.
     */
    private List<Map.Entry<Integer, MatchResult>> matches(Pattern pattern) {
        StringBuilder text = new StringBuilder();
        boolean fenced = false;
        for (String line : doc.lines()) {
            boolean fence = line.startsWith("```");
            fenced ^= fence;
            // Same length either way, so an offset in the text is an offset in the file.
            text.append(fenced || fence ? " ".repeat(line.length()) : line).append(' ');
        }
        List<Integer> lineStarts = new ArrayList<>();
        int offset = 0;
        for (String line : doc.lines()) {
            lineStarts.add(offset);
            offset += line.length() + 1;
        }
        List<Map.Entry<Integer, MatchResult>> hits = new ArrayList<>();
        pattern.matcher(text).results().forEach(r -> {
            int line = java.util.Collections.binarySearch(lineStarts, r.start());
            hits.add(Map.entry(line >= 0 ? line + 1 : -line - 1, r));
        });
        return hits;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

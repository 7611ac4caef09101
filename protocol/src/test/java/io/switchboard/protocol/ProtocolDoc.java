// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docs/PROTOCOL.md read as data, for the tests that hold the spec to the code. Examples are found by their shape
 * (a fenced block of hex, a table row, a backticked hex span), never by line number, so prose edits around them do
 * not break the tests; an example that changes its bytes does.
 */
public final class ProtocolDoc {

    /** A backticked run of two-digit hex bytes, optionally ending in an ellipsis: {@code `00 00 2b 9f …`}. */
    private static final Pattern HEX_SPAN = Pattern.compile("`((?:[0-9A-Fa-f]{2} )*[0-9A-Fa-f]{2})( …)?`");
    private static final Pattern HEX_LINE = Pattern.compile("[0-9A-Fa-f]{2}( [0-9A-Fa-f]{2})*");

    private final List<String> lines;

    private ProtocolDoc(List<String> lines) {
        this.lines = lines;
    }

    /** The spec of the checkout this test runs in: docs/PROTOCOL.md in the module's directory or one above it. */
    public static ProtocolDoc load() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path doc = dir.resolve("docs").resolve("PROTOCOL.md");
            if (Files.isRegularFile(doc)) {
                try {
                    return new ProtocolDoc(Files.readAllLines(doc, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        throw new IllegalStateException("docs/PROTOCOL.md not found above " + Path.of("").toAbsolutePath());
    }

    public List<String> lines() {
        return lines;
    }

    /** A fenced code block: {@code line} is the 1-based line of its first content line, {@code section} its heading. */
    public record Block(int line, String section, List<String> content) {
        /** Whether every line is hex bytes separated by single spaces: a byte dump. */
        public boolean isHexDump() {
            return !content.isEmpty() && content.stream().allMatch(l -> HEX_LINE.matcher(l.strip()).matches());
        }

        public byte[] bytes() {
            return parseHex(String.join(" ", content.stream().map(String::strip).toList()));
        }

        /** Whether the block is one line of a node's debug rendering (§9). */
        public boolean isRendering() {
            return content.size() == 1 && content.get(0).startsWith("<") && content.get(0).endsWith(">");
        }
    }

    /** A backticked hex span in running text or a table; {@code truncated} when it ends in {@code …}. */
    public record Span(int line, String section, String text, byte[] bytes, boolean truncated) {
        public String where() {
            return "PROTOCOL.md line " + line + " (" + section + "): `" + text + "`";
        }
    }

    public List<Block> blocks() {
        List<Block> blocks = new ArrayList<>();
        String section = "";
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("#")) {
                section = line;
            } else if (line.startsWith("```")) {
                int start = i + 1;
                int end = start;
                while (end < lines.size() && !lines.get(end).startsWith("```")) {
                    end++;
                }
                blocks.add(new Block(start + 1, section, List.copyOf(lines.subList(start, end))));
                i = end;
            }
        }
        return blocks;
    }

    /** Every backticked hex span outside fenced blocks. */
    public List<Span> spans() {
        List<Span> spans = new ArrayList<>();
        String section = "";
        boolean fenced = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            if (line.startsWith("#")) {
                section = line;
            }
            Matcher m = HEX_SPAN.matcher(line);
            while (m.find()) {
                spans.add(new Span(i + 1, section, m.group(0).substring(1, m.group(0).length() - 1),
                        parseHex(m.group(1)), m.group(2) != null));
            }
        }
        return spans;
    }

    /** The lines under the heading that starts with {@code heading} (e.g. {@code "### 8.3"}), up to the next one. */
    public List<String> section(String heading) {
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (start < 0 && lines.get(i).startsWith(heading)) {
                start = i + 1;
            } else if (start >= 0 && lines.get(i).startsWith("#")) {
                return lines.subList(start, i);
            }
        }
        if (start < 0) {
            throw new IllegalStateException("PROTOCOL.md has no heading " + heading);
        }
        return lines.subList(start, lines.size());
    }

    public static byte[] parseHex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", "").toLowerCase(java.util.Locale.ROOT));
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.node;

import io.switchboard.protocol.ProtocolDoc;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PROTOCOL.md §8 publishes both dictionaries byte-exact, since a client written from the spec alone must send and
 * match every word the server tokenises (ids such as {@code ca} or {@code ff} travel as secondary tokens). The tables
 * are generated from {@link TokenDictionary}; when the code and the doc disagree, the expected table is written to
 * {@code target/} so it can be pasted into the doc.
 */
class DictionaryDocTest {

    private static final int COLUMNS = 8;

    private final TokenDictionary dictionary = TokenDictionary.standard();
    private final ProtocolDoc doc = ProtocolDoc.load();

    @Test
    void primaryTableInTheSpecListsEveryPrimaryWordAtItsByte() throws IOException {
        assertSectionContains("### 8.2", primaryTable(), "primary");
    }

    @Test
    void secondaryTableInTheSpecListsEverySecondaryWordAtItsTwoBytes() throws IOException {
        assertSectionContains("### 8.3", secondaryTable(), "secondary");
    }

    @Test
    void digestsInTheSpecAreTheDigestsOfTheDictionaryFiles() throws Exception {
        String section = String.join("\n", doc.section("### 8.1"));
        for (String file : List.of("primary.txt", "secondary.txt")) {
            assertThat(section).as("§8.1 digest of " + file).contains("| `" + file + "` | `" + sha256(file) + "` |");
        }
        assertThat(String.join("\n", doc.section("### 8.3"))).as("§8.3 names the secondary file's digest")
                .contains(sha256("secondary.txt"));
    }

    @Test
    void countsInTheSpecAreTheDictionarysSizes() {
        String section = String.join("\n", doc.section("### 8.1"));
        assertThat(section).contains(dictionary.primarySize() + " words in version 1")
                .contains(String.format(Locale.ROOT, "%d words in version 1", dictionary.secondarySize()));
    }

    private void assertSectionContains(String heading, List<String> table, String name) throws IOException {
        String expected = String.join("\n", table);
        String section = String.join("\n", doc.section(heading));
        if (!section.contains(expected)) {
            Path out = Path.of("target", "PROTOCOL-" + name + "-table.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, expected + "\n");
            assertThat(section).as(heading + " must hold the " + name + " dictionary exactly as generated from"
                    + " TokenDictionary (written to " + out.toAbsolutePath() + ")").contains(expected);
        }
    }

    /** §8.2's shape: one row per 8 bytes, "0x08 (8)", then the word at byte row + column. */
    private List<String> primaryTable() {
        List<String> rows = header("row");
        int last = WireTag.FIRST_TOKEN + dictionary.primarySize() - 1;
        for (int row = 0; row <= last; row += COLUMNS) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "| 0x%02X (%d) |", row, row));
            for (int b = row; b < row + COLUMNS; b++) {
                String word = b == 0 ? null : dictionary.primary(b);
                line.append(' ').append(b == 0 ? "*(LIST_EMPTY)*" : cell(word)).append(" |");
            }
            rows.add(line.toString());
        }
        return rows;
    }

    /** One row per 8 words: its first two bytes and its first line in secondary.txt, then the words. */
    private List<String> secondaryTable() {
        List<String> rows = header("bytes (line)");
        for (int i = 0; i < dictionary.secondarySize(); i += COLUMNS) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "| `%02X %02X` (%d) |",
                    WireTag.DICTIONARY_0 + i / 256, i % 256, i + 1));
            for (int j = i; j < i + COLUMNS; j++) {
                line.append(' ').append(cell(j < dictionary.secondarySize()
                        ? dictionary.secondary(j / 256, j % 256) : null)).append(" |");
            }
            rows.add(line.toString());
        }
        return rows;
    }

    private static List<String> header(String first) {
        List<String> rows = new ArrayList<>();
        StringBuilder head = new StringBuilder("| " + first + " |");
        StringBuilder rule = new StringBuilder("|---|");
        for (int c = 0; c < COLUMNS; c++) {
            head.append(" +").append(c).append(" |");
            rule.append("---|");
        }
        rows.add(head.toString());
        rows.add(rule.toString());
        return rows;
    }

    private static String cell(String word) {
        if (word == null) {
            return "—";
        }
        // Markdown cannot show a pipe or backtick inside a code span in a table; version 1 has neither.
        assertThat(word).doesNotContain("|", "`");
        return "`" + word + "`";
    }

    private static String sha256(String file) throws Exception {
        try (InputStream in = TokenDictionary.class.getResourceAsStream(file)) {
            assertThat(in).as(file).isNotNull();
            byte[] bytes = in.readAllBytes();
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        }
    }
}

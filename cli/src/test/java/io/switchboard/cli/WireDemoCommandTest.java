// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class WireDemoCommandTest {

    private static List<String> run(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = SwitchboardCommand.commandLine(new PrintStream(bytes, true, StandardCharsets.UTF_8)).execute(args);
        assertThat(exit).isZero();
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void endsWithOneSummaryLineWithSizesAndRatio() {
        List<String> lines = run("wire-demo");
        Matcher m = Pattern.compile("hello: binary (\\d+) bytes, xml (\\d+) bytes, ratio (\\d+\\.\\d)")
                .matcher(lines.get(lines.size() - 1));
        assertThat(m.matches()).isTrue();
        int binary = Integer.parseInt(m.group(1));
        int xml = Integer.parseInt(m.group(2));
        assertThat(binary).isLessThanOrEqualTo(32);
        assertThat(m.group(3)).isEqualTo(String.format(java.util.Locale.ROOT, "%.1f", (double) xml / binary));
        assertThat(lines.stream().filter(l -> l.startsWith("hello: "))).hasSize(1);
    }

    @Test
    void showsTheXmppStanzaWithTheSameFields() {
        assertThat(run("wire-demo")).contains("  <message to='15551230002@s.switchboard' id='a3' type='chat'>"
                + "<body>hello</body><request xmlns='urn:xmpp:receipts'/></message>");
    }

    @Test
    void showsTheFrameAsHexStartingWithItsLengthHeader() {
        assertThat(run("wire-demo")).anyMatch(l -> l.startsWith("  00 00 1b f4 01 06 f9"));
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli.demo;

import java.io.Console;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The marks the timeline prints: WhatsApp's checks where the terminal shows UTF-8, plain ASCII otherwise.
 *
 * @param stored    one check: the server has the message on disk
 * @param delivered two checks: the recipient's device has it
 * @param read      blue checks: the recipient read it
 * @param arrow     between sender and receiver
 * @param ellipsis  after "typing"
 */
public record Glyphs(String stored, String delivered, String read, String arrow, String ellipsis) {
    public static final Glyphs UNICODE = new Glyphs("✓", "✓✓", "✓✓ (blue)", "→", "…");
    public static final Glyphs ASCII = new Glyphs("[v]", "[vv]", "[read]", "->", "...");

    /** Unicode when the console (or, without one, the default charset) is UTF-8. */
    public static Glyphs forTerminal() {
        Console console = System.console();
        Charset charset = console != null ? console.charset() : Charset.defaultCharset();
        return StandardCharsets.UTF_8.equals(charset) ? UNICODE : ASCII;
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli;

import io.switchboard.cli.chat.ChatGlyphs;
import io.switchboard.cli.chat.ChatLog;
import io.switchboard.cli.chat.ChatSession;
import io.switchboard.cli.chat.HistoryStore;
import io.switchboard.client.SwitchboardClient;
import org.jline.reader.EndOfFileException;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.util.concurrent.Callable;

/**
 * {@code switchboard chat}: the full-screen terminal client ({@link ChatSession}) on a client directory, which it
 * registers on the first run. Its history is kept in {@code DIR/history.db}, its log in {@code DIR/chat.log}.
 */
@Command(name = "chat", mixinStandardHelpOptions = true,
        description = {"Chat in the terminal: a chat list, conversations with checks, typing and presence, groups;"
                + " history kept in DIR. Registers DIR on its first run (the code fills itself in from a --dev"
                + " server).",
                "Keys: Up/Down/Tab move, Enter open or send, Esc back to the list, Ctrl-C or /quit leave. In the"
                        + " list, type +NUMBER to start a chat or /group SUBJECT +NUMBER... for a group."})
final class ChatCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ChatCommand.class);
    /** The shell's code for a command ended by Ctrl-C (128 + SIGINT). */
    static final int INTERRUPTED = 130;

    @Mixin
    ClientOptions client;

    @Option(names = "--phone", paramLabel = "+NUMBER",
            description = "On the first run, register this number instead of asking for it.")
    String phone;

    @Option(names = "--ascii", description = "Draw [..], [v], [vv] and [read] instead of a clock and check marks"
            + " (the default when the terminal is not UTF-8).")
    boolean ascii;

    @Option(names = "--unicode", description = "Draw a clock and check marks even when the terminal does not look"
            + " UTF-8.")
    boolean unicode;

    @Option(names = "--verbose", description = "Write the SDK's debug lines to DIR/chat.log.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        // JLine would draw the rules' box-drawing characters through the terminal's line-drawing charset (VT100
        // ACS); some terminals and tmux's capture-pane then show "qqqq". A UTF-8 terminal draws them as they are.
        System.setProperty("org.jline.utils.disableAlternateCharset", "true");
        if (client.servers != null && !client.servers.isEmpty()) {
            client.remember();  // later runs need only --dir
        }
        Files.createDirectories(client.dir);
        ChatGlyphs glyphs = ascii ? ChatGlyphs.ASCII : unicode ? ChatGlyphs.UNICODE : ChatGlyphs.forTerminal();
        Terminal terminal;
        try {
            terminal = TerminalBuilder.builder().system(true).dumb(false).build();
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("chat needs an interactive terminal (standard input and"
                    + " output are not one); use send and inbox in scripts", e);
        }
        ChatLog chatLog = ChatLog.redirect(client.dir, verbose);
        try (terminal; chatLog;
             HistoryStore store = HistoryStore.open(client.dir.resolve(HistoryStore.FILE));
             SwitchboardClient sdk = SwitchboardClient.open(client.settings())) {
            try {
                new ChatSession(sdk, store, terminal, glyphs, ChatSession.systemClock()).run(phone);
            } catch (UserInterruptException | EndOfFileException e) {
                // Ctrl-C or Ctrl-D at a registration prompt: the person chose to leave, so no error and no trace.
                // Both are RuntimeExceptions, hence caught before the catch-all below.
                return INTERRUPTED;
            } catch (RuntimeException e) {
                // The screen is gone by the time the command's handler prints: the trace goes to the log, and the
                // person gets one line saying where it is.
                log.error("the chat stopped on an unexpected error", e);
                throw new IllegalStateException("the chat stopped on an unexpected error (" + e
                        + "); the details are in " + client.dir.resolve(ChatLog.FILE), e);
            }
        }
        return 0;
    }
}

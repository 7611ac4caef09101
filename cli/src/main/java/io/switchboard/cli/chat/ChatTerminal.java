// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli.chat;

import org.jline.keymap.BindingReader;
import org.jline.keymap.KeyMap;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp.Capability;

import java.io.IOError;
import java.util.ArrayList;
import java.util.function.Consumer;

/**
 * The full-screen terminal: raw mode on the alternate screen (the shell's screen comes back on exit), frames drawn
 * by redrawing only what changed, and key presses read on their own thread and handed over as {@link ChatEvent}s.
 */
final class ChatTerminal implements AutoCloseable {
    private final Terminal terminal;
    private final Display display;
    private final KeyMap<KeyBindings.Key> keys;
    private Attributes saved;
    private volatile boolean running;

    ChatTerminal(Terminal terminal) {
        this.terminal = terminal;
        this.display = new Display(terminal, true);
        this.keys = KeyBindings.create(terminal);
    }

    /** Takes over the screen and starts delivering keys, resizes and Ctrl-C to {@code sink}. */
    void start(Consumer<ChatEvent> sink) {
        saved = terminal.enterRawMode();
        terminal.puts(Capability.enter_ca_mode);
        terminal.puts(Capability.keypad_xmit);
        terminal.flush();
        running = true;
        terminal.handle(Terminal.Signal.WINCH, s -> sink.accept(new ChatEvent.Resized()));
        terminal.handle(Terminal.Signal.INT, s -> sink.accept(new ChatEvent.Quit()));
        Thread reader = new Thread(() -> readKeys(sink), "chat-keys");
        reader.setDaemon(true);
        reader.start();
    }

    private void readKeys(Consumer<ChatEvent> sink) {
        BindingReader reader = new BindingReader(terminal.reader());
        try {
            while (running) {
                KeyBindings.Key key = reader.readBinding(keys, null, true);
                if (key == null) {
                    break;  // end of input: the terminal is gone
                }
                sink.accept(new ChatEvent.KeyPressed(key, reader.getLastBinding()));
            }
        } catch (IOError e) {
            // the terminal closed under the reader
        }
        if (running) {
            sink.accept(new ChatEvent.Quit());
        }
    }

    int rows() {
        return Math.max(terminal.getHeight(), 8);
    }

    int columns() {
        return Math.max(terminal.getWidth(), 20);
    }

    void draw(Frame frame) {
        Size size = new Size(columns(), rows());
        display.resize(size.getRows(), size.getColumns());
        // Display trims the list it is given, so it gets its own copy.
        display.update(new ArrayList<>(frame.lines()), size.cursorPos(frame.cursorRow(), frame.cursorCol()));
        terminal.flush();
    }

    /** After a resize the old screen's contents are unknown: draw everything again. */
    void redrawAll() {
        display.clear();
    }

    /** Gives the screen back as it was. */
    @Override
    public void close() {
        running = false;
        terminal.puts(Capability.keypad_local);
        terminal.puts(Capability.exit_ca_mode);
        terminal.flush();
        if (saved != null) {
            terminal.setAttributes(saved);
        }
    }
}

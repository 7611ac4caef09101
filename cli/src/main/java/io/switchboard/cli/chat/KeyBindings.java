// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli.chat;

import org.jline.keymap.KeyMap;
import org.jline.terminal.Terminal;
import org.jline.utils.InfoCmp.Capability;

/**
 * Which key sequences mean what. Terminals differ (the terminfo entry's sequences, and the common ANSI and
 * application-mode ones are all bound), and Esc is told apart from the start of an arrow's sequence by waiting
 * briefly for the rest.
 */
public final class KeyBindings {
    /** How long after an Esc to wait for the rest of a sequence before taking it as Esc alone. */
    static final long ESCAPE_WAIT_MILLIS = 150;

    /** What a key press asks for. */
    public enum Key {
        /** A printable character (the text is in the binding read). */
        INSERT, ENTER, BACKSPACE, DELETE, LEFT, RIGHT, UP, DOWN, HOME, END, PAGE_UP, PAGE_DOWN, TAB, BACK_TAB,
        ESCAPE, QUIT
    }

    private KeyBindings() {
    }

    public static KeyMap<Key> create(Terminal terminal) {
        KeyMap<Key> keys = new KeyMap<>();
        keys.setAmbiguousTimeout(ESCAPE_WAIT_MILLIS);
        for (char c = 32; c < 127; c++) {
            keys.bind(Key.INSERT, Character.toString(c));
        }
        keys.setUnicode(Key.INSERT);
        keys.bind(Key.ENTER, "\r", "\n");
        keys.bind(Key.BACKSPACE, "\u007f", KeyMap.ctrl('H'));
        keys.bind(Key.TAB, "\t");
        keys.bind(Key.BACK_TAB, "\u001b[Z");
        keys.bind(Key.ESCAPE, KeyMap.esc());
        keys.bind(Key.QUIT, KeyMap.ctrl('C'), KeyMap.ctrl('D'));
        keys.bind(Key.HOME, KeyMap.ctrl('A'), "\u001b[H", "\u001bOH", "\u001b[1~");
        keys.bind(Key.END, KeyMap.ctrl('E'), "\u001b[F", "\u001bOF", "\u001b[4~");
        keys.bind(Key.UP, "\u001b[A", "\u001bOA");
        keys.bind(Key.DOWN, "\u001b[B", "\u001bOB");
        keys.bind(Key.RIGHT, "\u001b[C", "\u001bOC");
        keys.bind(Key.LEFT, "\u001b[D", "\u001bOD");
        keys.bind(Key.DELETE, "\u001b[3~");
        keys.bind(Key.PAGE_UP, "\u001b[5~");
        keys.bind(Key.PAGE_DOWN, "\u001b[6~");
        bind(keys, terminal, Key.UP, Capability.key_up);
        bind(keys, terminal, Key.DOWN, Capability.key_down);
        bind(keys, terminal, Key.LEFT, Capability.key_left);
        bind(keys, terminal, Key.RIGHT, Capability.key_right);
        bind(keys, terminal, Key.HOME, Capability.key_home);
        bind(keys, terminal, Key.END, Capability.key_end);
        bind(keys, terminal, Key.DELETE, Capability.key_dc);
        bind(keys, terminal, Key.PAGE_UP, Capability.key_ppage);
        bind(keys, terminal, Key.PAGE_DOWN, Capability.key_npage);
        bind(keys, terminal, Key.BACK_TAB, Capability.key_btab);
        return keys;
    }

    private static void bind(KeyMap<Key> keys, Terminal terminal, Key key, Capability capability) {
        String sequence = KeyMap.key(terminal, capability);
        if (sequence != null && !sequence.isEmpty()) {
            keys.bind(key, sequence);
        }
    }
}

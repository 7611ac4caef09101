// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.node;

/**
 * The two 16-symbol alphabets that pack two characters into a byte (high nibble first). A string of odd length
 * sets the high bit of the length byte and ends with the filler nibble 0xF.
 */
enum PackedAlphabet {
    /** Phone numbers, timestamps, counts: digits 0–9 are nibbles 0–9, then '-', '.', '+'; 13 and 14 unused. */
    NIBBLE("0123456789-.+\0\0\0"),
    /** Ids: lower-case hex digits, nibble value = digit value. */
    HEX("0123456789abcdef");

    static final int FILLER = 0xF;

    private final char[] symbols;
    /** ASCII char → nibble, or -1. */
    private final byte[] nibbles = new byte[128];

    PackedAlphabet(String symbols) {
        this.symbols = symbols.toCharArray();
        java.util.Arrays.fill(nibbles, (byte) -1);
        for (int i = 0; i < this.symbols.length; i++) {
            if (this.symbols[i] != '\0') {
                nibbles[this.symbols[i]] = (byte) i;
            }
        }
    }

    /** Whether every character of {@code s[from, to)} has a nibble and the length fits one length byte. */
    boolean canPack(String s, int from, int to) {
        int n = to - from;
        if (n == 0 || n > WireTag.PACKED_MAX_CHARS) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= 128 || nibbles[c] < 0) {
                return false;
            }
        }
        return true;
    }

    int nibble(char c) {
        return nibbles[c];
    }

    /** The character for {@code nibble}, or {@code '\0'} when the nibble has no character in this alphabet. */
    char symbol(int nibble) {
        return symbols[nibble];
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.node;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The words that travel as one byte (primary dictionary) or two bytes (secondary dictionary) instead of their
 * spelling. Loaded from {@code primary.txt} and {@code secondary.txt} beside this class: line {@code n} (from 1) of
 * the primary file is byte {@code n}; line {@code m} (from 1) of the secondary file is page {@code (m-1)/256},
 * index {@code (m-1)%256}. Immutable.
 *
 * <p>The dictionary is append-only: a new word goes at the end of a file and the {@link #VERSION} goes up, since a
 * peer with the older dictionary cannot decode it. Both ends name their version in the connection header.
 */
public final class TokenDictionary {

    /** The dictionary version this build speaks, sent in the connection header. */
    public static final int VERSION = 1;

    private static final TokenDictionary STANDARD = load();

    private final String[] primary;
    private final String[] secondary;
    /** Word → code: 1..234 for primary, 0x100 + index for secondary. Whole strings: their hash is cached. */
    private final Map<String, Integer> codes;
    /**
     * The same mapping as an open-addressing table over {@link #hash}, which looks up a region of a string without
     * cutting it out: the encoder finds a JID's server and user parts with no substring. Slot: code + 1, 0 = free.
     */
    private final int[] slots;
    private final String[] wordsByCode;
    private final int longestWord;

    TokenDictionary(List<String> primary, List<String> secondary) {
        if (primary.size() > WireTag.PRIMARY_CAPACITY || secondary.size() > WireTag.SECONDARY_CAPACITY) {
            throw new IllegalArgumentException("dictionary too large: " + primary.size() + " primary, "
                    + secondary.size() + " secondary");
        }
        this.primary = new String[WireTag.FIRST_TOKEN + primary.size()];
        this.secondary = secondary.toArray(new String[0]);
        this.codes = new HashMap<>((primary.size() + secondary.size()) * 2);
        for (int i = 0; i < primary.size(); i++) {
            this.primary[WireTag.FIRST_TOKEN + i] = primary.get(i);
            register(codes, primary.get(i), WireTag.FIRST_TOKEN + i);
        }
        for (int i = 0; i < secondary.size(); i++) {
            register(codes, secondary.get(i), 0x100 + i);
        }
        this.wordsByCode = new String[0x100 + secondary.size()];
        this.slots = new int[Integer.highestOneBit(Math.max(16, codes.size() * 4))];
        int longest = 0;
        for (Map.Entry<String, Integer> entry : codes.entrySet()) {
            String word = entry.getKey();
            wordsByCode[entry.getValue()] = word;
            longest = Math.max(longest, word.length());
            int slot = hash(word, 0, word.length()) & (slots.length - 1);
            while (slots[slot] != 0) {
                slot = (slot + 1) & (slots.length - 1);
            }
            slots[slot] = entry.getValue() + 1;
        }
        this.longestWord = longest;
    }

    private static int hash(String s, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + s.charAt(i);
        }
        return h ^ (h >>> 16);
    }

    /** The code of the word {@code s[from, to)}, or -1: the same answer as {@link #code(String)}, no substring. */
    int code(String s, int from, int to) {
        int length = to - from;
        if (length == 0 || length > longestWord) {
            return -1;
        }
        for (int slot = hash(s, from, to) & (slots.length - 1); slots[slot] != 0; slot = (slot + 1) & (slots.length - 1)) {
            String word = wordsByCode[slots[slot] - 1];
            if (word.length() == length && s.regionMatches(from, word, 0, length)) {
                return slots[slot] - 1;
            }
        }
        return -1;
    }

    /** The dictionary of {@link #VERSION}. */
    public static TokenDictionary standard() {
        return STANDARD;
    }

    private static void register(Map<String, Integer> codes, String word, int code) {
        if (word.isEmpty() || codes.putIfAbsent(word, code) != null) {
            throw new IllegalStateException("dictionary word is empty or listed twice: '" + word + "'");
        }
    }

    /** The primary word for byte {@code b}, or {@code null} when that byte has no word. */
    String primary(int b) {
        return b < primary.length ? primary[b] : null;
    }

    /** The secondary word at {@code page} and {@code index}, or {@code null} when unassigned. */
    String secondary(int page, int index) {
        int i = page * 256 + index;
        return i < secondary.length ? secondary[i] : null;
    }

    /** The word's code (1..234 primary, 0x100 + index secondary), or -1 when it is not in the dictionary. */
    int code(String word) {
        Integer code = codes.get(word);
        return code == null ? -1 : code;
    }

    public int primarySize() {
        return primary.length - WireTag.FIRST_TOKEN;
    }

    public int secondarySize() {
        return secondary.length;
    }

    /** Whether {@code word} travels as a token. */
    public boolean contains(String word) {
        return codes.containsKey(word);
    }

    private static TokenDictionary load() {
        return new TokenDictionary(readWords("primary.txt"), readWords("secondary.txt"));
    }

    private static List<String> readWords(String resource) {
        try (InputStream in = TokenDictionary.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("token dictionary resource missing: " + resource);
            }
            List<String> words = new ArrayList<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                words.add(line);
            }
            return words;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read token dictionary " + resource, e);
        }
    }
}

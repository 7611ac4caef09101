// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.node;

import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenDictionaryTest {

    private final TokenDictionary dictionary = TokenDictionary.standard();

    @Test
    void dictionaryFitsItsByteRanges() {
        assertThat(dictionary.primarySize()).isBetween(200, WireTag.PRIMARY_CAPACITY);
        assertThat(dictionary.secondarySize()).isBetween(600, WireTag.SECONDARY_CAPACITY);
    }

    @Test
    void everyWordHasOneCodeThatMapsBackToIt() {
        for (int b = 1; b <= dictionary.primarySize(); b++) {
            assertThat(dictionary.code(dictionary.primary(b))).isEqualTo(b);
        }
        for (int i = 0; i < dictionary.secondarySize(); i++) {
            assertThat(dictionary.code(dictionary.secondary(i / 256, i % 256))).isEqualTo(0x100 + i);
        }
    }

    /**
     * Version 1 as shipped. Appending words is a new dictionary version; changing or reordering a word of version 1
     * breaks every peer, and this digest catches it.
     */
    @Test
    void version1WordsNeverChange() throws Exception {
        assertThat(digest(dictionary.primarySize(), dictionary::primary, 1))
                .isEqualTo("fd32d2d9cb6f34fcd55daa248a86a5daae67c85be477a95fc8a747dce1854d23");
        assertThat(digest(dictionary.secondarySize(), i -> dictionary.secondary(i / 256, i % 256), 0))
                .isEqualTo("70e6f4faa65c7b6c755af392bae605483c48acb7e7f78fdcb0e9b967ef50a2bc");
    }

    @Test
    void aWordListedTwiceIsRejected() {
        assertThatThrownBy(() -> new TokenDictionary(List.of("a", "b"), List.of("b")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'b'");
    }

    @Test
    void commonStanzaWordsAreSingleByteTokens() {
        for (String word : List.of("message", "to", "id", "body", "ack", "receipt", "s.switchboard", "type")) {
            assertThat(dictionary.code(word)).as(word).isBetween(1, 0xEA);
        }
    }

    private static String digest(int size, java.util.function.IntFunction<String> word, int first) throws Exception {
        List<String> words = new ArrayList<>();
        for (int i = first; i < first + size; i++) {
            words.add(word.apply(i));
        }
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        return HexFormat.of().formatHex(sha.digest(String.join("\n", words)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}

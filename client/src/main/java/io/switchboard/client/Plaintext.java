// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import io.switchboard.protocol.id.GroupId;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What travels inside the encryption (PROTOCOL.md §14.6), seen only by the two clients: a type byte, then for
 * {@link Text} the UTF-8 text, for {@link SenderKey} the group id (16 ASCII hex digits) and a libsignal
 * {@code SenderKeyDistributionMessage}.
 */
sealed interface Plaintext {
    byte TEXT = 1;
    byte SENDER_KEY = 2;

    /** A chat message. */
    record Text(String text) implements Plaintext {
    }

    /** The sender's sender key for {@code group}, sent pairwise so only members can read the group's messages. */
    record SenderKey(GroupId group, byte[] distribution) implements Plaintext {
    }

    static byte[] encode(Plaintext plaintext) {
        if (plaintext instanceof Text text) {
            byte[] utf8 = text.text().getBytes(StandardCharsets.UTF_8);
            byte[] out = new byte[utf8.length + 1];
            out[0] = TEXT;
            System.arraycopy(utf8, 0, out, 1, utf8.length);
            return out;
        }
        SenderKey key = (SenderKey) plaintext;
        byte[] group = key.group().value().getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[1 + group.length + key.distribution().length];
        out[0] = SENDER_KEY;
        System.arraycopy(group, 0, out, 1, group.length);
        System.arraycopy(key.distribution(), 0, out, 1 + group.length, key.distribution().length);
        return out;
    }

    /** @throws IllegalArgumentException if the type is unknown or the content malformed */
    static Plaintext decode(byte[] bytes) {
        if (bytes.length >= 1 && bytes[0] == TEXT) {
            return new Text(new String(bytes, 1, bytes.length - 1, StandardCharsets.UTF_8));
        }
        if (bytes.length > 17 && bytes[0] == SENDER_KEY) {
            return new SenderKey(new GroupId(new String(bytes, 1, 16, StandardCharsets.US_ASCII)),
                    Arrays.copyOfRange(bytes, 17, bytes.length));
        }
        throw new IllegalArgumentException("unknown plaintext type " + (bytes.length == 0 ? "(empty)" : bytes[0]));
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.session;

import io.switchboard.protocol.node.Node;

import java.util.Arrays;

/**
 * A message's content as the stores keep it, one opaque byte string per message: a {@code <body>} is kept as its
 * bytes; an {@code <enc type>} (PROTOCOL.md §14.6) as the byte 0xFF, its type's code, then the ciphertext. A body
 * is UTF-8 text, which never starts with 0xFF, so the two never mix, and rows stored before encryption read back
 * as bodies. The server never looks inside either.
 */
final class MessageContent {

    /** 0xFF never starts UTF-8, so it marks ciphertext. */
    private static final byte ENCRYPTED = (byte) 0xFF;
    private static final String[] TYPES = {null, "pkmsg", "msg", "skmsg"};

    private MessageContent() {
    }

    /**
     * Why {@code message} breaks PROTOCOL.md §11.1 beyond its content's form, or null: a {@code receipt} other than
     * {@code none}, a {@code type} other than {@code chat}, or more than one {@code <body>} or {@code <enc>} (the
     * server would otherwise deliver the first and drop the rest without a word).
     */
    static String refusalOf(Node message) {
        String receipt = message.attr("receipt");
        if (receipt != null && !receipt.equals("none")) {
            return "receipt='" + receipt + "' is not defined; leave it out for receipts or send receipt='none'";
        }
        String type = message.attr("type");
        if (type != null && !type.equals("chat")) {
            return "type='" + type + "' is not defined for <message>; leave it out (a group message goes to the"
                    + " group's address)";
        }
        long contents = message.children().stream()
                .filter(child -> child.tag().equals("body") || child.tag().equals("enc")).count();
        if (contents > 1) {
            return "a message carries exactly one <body> or <enc>, not " + contents + "; send each text as its own"
                    + " message";
        }
        return null;
    }

    /**
     * The payload to store for {@code message}'s one {@code <body>} or {@code <enc type>} child.
     *
     * @throws IllegalArgumentException naming what is wrong: no content, both, an unknown type, or more than
     *                                  {@code max} bytes
     */
    static byte[] payloadOf(Node message, int max) {
        Node body = message.child("body");
        Node enc = message.child("enc");
        if ((body == null) == (enc == null)) {
            throw new IllegalArgumentException("a message needs exactly one <body> or <enc type> of at most " + max
                    + " bytes");
        }
        Node content = body != null ? body : enc;
        byte[] bytes = content.bytes();
        if (bytes == null || bytes.length == 0 || bytes.length > max) {
            throw new IllegalArgumentException("a message needs a <" + content.tag() + "> of 1 to " + max + " bytes");
        }
        if (body != null) {
            if (bytes.length > 0 && bytes[0] == ENCRYPTED) {
                throw new IllegalArgumentException("a <body> is UTF-8 text; send ciphertext in <enc type>");
            }
            return bytes;
        }
        int type = Arrays.asList(TYPES).indexOf(enc.attr("type"));
        if (type < 1 || bytes.length == 0) {
            throw new IllegalArgumentException("an <enc> needs type 'pkmsg', 'msg' or 'skmsg' and ciphertext");
        }
        byte[] payload = new byte[bytes.length + 2];
        payload[0] = ENCRYPTED;
        payload[1] = (byte) type;
        System.arraycopy(bytes, 0, payload, 2, bytes.length);
        return payload;
    }

    /** The {@code <body>} or {@code <enc type>} child that carries a stored {@code payload}. */
    static Node contentOf(byte[] payload) {
        if (payload.length >= 2 && payload[0] == ENCRYPTED && payload[1] > 0 && payload[1] < TYPES.length) {
            return Node.builder("enc").attr("type", TYPES[payload[1]])
                    .bytes(Arrays.copyOfRange(payload, 2, payload.length)).build();
        }
        return Node.builder("body").bytes(payload).build();
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.stanza;

import io.switchboard.protocol.node.Node;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The 1:1 chat message a client sends: {@code <message to='…' id='…'><body>…</body></message>}.
 *
 * <p>Everything that has a default costs no bytes: the server stamps sender and time, the type is {@code chat}
 * unless said otherwise, and a delivery receipt is requested unless {@code receipt='none'} says otherwise.
 * Ids are short per-device counters in lower-case hex, so they travel packed.
 *
 * @param to               the recipient's address, e.g. {@code 15551230002@s.switchboard}
 * @param id               client-generated, unique per sender; a retry reuses it
 * @param text             the body (the end-to-end encryption issue replaces it with ciphertext)
 * @param receiptRequested whether the sender wants delivery and read receipts
 */
public record ChatMessageStanza(String to, String id, String text, boolean receiptRequested) {

    public ChatMessageStanza {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(text, "text");
    }

    public Node toNode() {
        Node.Builder message = Node.builder("message").attr("to", to).attr("id", id);
        if (!receiptRequested) {
            message.attr("receipt", "none");
        }
        return message.child(Node.builder("body").bytes(text.getBytes(StandardCharsets.UTF_8))).build();
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import io.switchboard.protocol.id.GroupId;
import io.switchboard.protocol.id.MessageId;
import io.switchboard.protocol.id.UserId;
import io.switchboard.protocol.node.Node;
import io.switchboard.protocol.stanza.ChatMessageStanza;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * The client's side of the stanzas in PROTOCOL.md §11 and §12: what it builds and how it reads replies. Incoming
 * messages and receipts may come from a group (§13.3–13.4); those are read here too, so one reader serves both.
 * Group requests are in {@link GroupStanzas}.
 */
final class Stanzas {
    static final Node LOGIN = Node.of("login");
    static final Node REGISTER = Node.of("register");

    private Stanzas() {
    }

    static Node registerRequest(String iqId, UserId phone) {
        return Node.builder("iq").attr("id", iqId).attr("type", "set")
                .child(Node.builder("register").attr("phone", phone.phone())).build();
    }

    static Node verifyRequest(String iqId, UserId phone, String code) {
        return Node.builder("iq").attr("id", iqId).attr("type", "set")
                .child(Node.builder("verify").attr("phone", phone.phone()).attr("code", code)).build();
    }

    static Node message(UserId to, MessageId id, String text) {
        return new ChatMessageStanza(to.address(), id.value(), text, true).toNode();
    }

    /** A message whose content is ciphertext ({@code <enc>}, PROTOCOL.md §14.6) rather than a body. */
    static Node encryptedMessage(String to, MessageId id, Node enc) {
        return Node.builder("message").attr("to", to).attr("id", id.value()).child(enc).build();
    }

    static Node readReceipt(UserId sender, MessageId id) {
        return Node.builder("receipt").attr("type", "read").attr("to", sender.address()).attr("id", id.value())
                .build();
    }

    /** The ack of a delivered message; a group message's names the group and its sender (§13.3). */
    static Node messageAck(IncomingMessage message) {
        Node.Builder ack = Node.builder("ack").attr("class", "message");
        if (message.group().isPresent()) {
            ack.attr("from", message.group().get().address()).attr("participant", message.from().address());
        } else {
            ack.attr("from", message.from().address());
        }
        return ack.attr("id", message.id().value()).build();
    }

    static Node receiptAck(Receipt receipt) {
        String from = receipt.group().map(GroupId::address).orElseGet(() -> receipt.from().address());
        return Node.builder("ack").attr("class", "receipt").attr("from", from)
                .attr("id", receipt.id().value()).attr("type", receipt.type().wire()).build();
    }

    /**
     * Reads {@code <message from='…' id='…' t='…'><body>…</body></message>}, or a group's, which adds the sender
     * in {@code participant}.
     *
     * @throws IllegalArgumentException if a part is missing or malformed
     */
    static IncomingMessage incomingMessage(Node node) {
        return incomingMessage(node, null);
    }

    /** As {@link #incomingMessage(Node)}, with {@code text} in place of the body when it is not null. */
    static IncomingMessage incomingMessage(Node node, String text) {
        Node body = node.child("body");
        String from = node.attr("from");
        if (text == null && (body == null || body.bytes() == null)) {
            throw new IllegalArgumentException("a message needs a <body> with bytes");
        }
        if (from == null || node.attr("id") == null) {
            throw new IllegalArgumentException("a message needs from and id");
        }
        MessageId id = new MessageId(node.attr("id"));
        if (text == null) {
            text = new String(body.bytes(), StandardCharsets.UTF_8);
        }
        if (!GroupId.isGroupAddress(from)) {
            return new IncomingMessage(UserId.fromAddress(from), id, time(node), text);
        }
        if (node.attr("participant") == null) {
            throw new IllegalArgumentException("a group message needs its sender in participant");
        }
        return new IncomingMessage(UserId.fromAddress(node.attr("participant")), id, time(node), text,
                Optional.of(GroupId.fromAddress(from)));
    }

    /**
     * Reads {@code <receipt type='delivery|read' from='…' id='…' t='…'/>}; from a group's address, it speaks for
     * every member.
     *
     * @throws IllegalArgumentException if a part is missing or malformed
     */
    static Receipt receipt(Node node) {
        Receipt.Type type = Receipt.Type.fromWire(node.attr("type"));
        String from = node.attr("from");
        if (type == null || from == null || node.attr("id") == null) {
            throw new IllegalArgumentException("a receipt needs a known type, from and id");
        }
        MessageId id = new MessageId(node.attr("id"));
        if (GroupId.isGroupAddress(from)) {
            return Receipt.ofGroup(type, GroupId.fromAddress(from), id, time(node));
        }
        return new Receipt(type, UserId.fromAddress(from), id, time(node));
    }

    /** Reads {@code <iq type='result'><register status='code-sent' expires='600' [code='…']/></iq>}. */
    static RegistrationCode registrationCode(Node reply) {
        Node register = reply.child("register");
        if (register == null) {
            throw new CompletionException(new StanzaErrorException(0, "unexpected register reply: " + reply));
        }
        return new RegistrationCode(Duration.ofSeconds(parseLong(register.attr("expires"), 0)),
                Optional.ofNullable(register.attr("code")));
    }

    /** Whether {@code node} is {@code <success …/>}. */
    static boolean isSuccess(Node node) {
        return node.tag().equals("success");
    }

    /** The error a {@code <failure/>}, an {@code <ack error=…/>} or an {@code <iq type='error'>} carries. */
    static StanzaErrorException error(Node node) {
        Node source = node;
        if (node.tag().equals("iq") && node.child("error") != null) {
            source = node.child("error");
        }
        String code = source.attr("code") != null ? source.attr("code") : source.attr("error");
        String text = source.attr("text") != null ? source.attr("text") : "refused: " + node;
        return new StanzaErrorException(parseInt(code, 0), text);
    }

    /** The {@code retry-after} hint of a refusal (on it, or on its {@code <error>}) in milliseconds; -1 if none. */
    static long retryAfterMillis(Node node) {
        Node source = node.tag().equals("iq") && node.child("error") != null ? node.child("error") : node;
        String value = source.attr("retry-after");
        if (value == null || value.isEmpty() || value.length() > 9 || !value.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Long.parseLong(value);
    }

    static Instant time(Node node) {
        return Instant.ofEpochSecond(parseLong(node.attr("t"), 0));
    }

    static int parseInt(String value, int fallback) {
        return (int) Math.min(Integer.MAX_VALUE, parseLong(value, fallback));
    }

    static long parseLong(String value, long fallback) {
        if (value == null || value.isEmpty() || value.length() > 18) {
            return fallback;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return fallback;
            }
        }
        return Long.parseLong(value);
    }
}

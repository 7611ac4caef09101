// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.session;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.id.GroupId;
import io.switchboard.protocol.id.UserId;
import io.switchboard.protocol.node.Node;
import io.switchboard.server.store.EntryKind;
import io.switchboard.server.store.MailboxEntry;
import io.switchboard.server.user.UserEntity;

import java.nio.charset.StandardCharsets;

/**
 * The nodes a session writes, built in one place so each stanza's shape is written once (docs/PROTOCOL.md §11–12).
 * Times on the wire ({@code t}) are Unix seconds; the store keeps milliseconds.
 */
final class Stanzas {

    private Stanzas() {
    }

    /** {@code ping}: seconds a client may stay silent before it should ping (the idle limit is longer). */
    static Node loginSuccess(UserId user, long nowMillis, long pingSeconds) {
        return Node.builder("success").attr("user", user.address()).attr("t", seconds(nowMillis))
                .attr("ping", Long.toString(pingSeconds)).build();
    }

    static Node registerModeSuccess() {
        return Node.builder("success").attr("mode", "register").build();
    }

    static Node failure(int code, String text) {
        return Node.builder("failure").attr("code", Integer.toString(code)).attr("text", text).build();
    }

    /** A connection-level or unsolicited error: {@code <error code='409' text='…'/>}. */
    static Node error(int code, String text) {
        return Node.builder("error").attr("code", Integer.toString(code)).attr("text", text).build();
    }

    /**
     * A top-level error answering a stanza that has no reply form of its own (PROTOCOL.md §11.6):
     * {@code <error code='400' class='ack' id='a3' text='…'/>}. {@code class} is the stanza's tag and {@code id} its
     * id when it had one, so a client can tell which of its stanzas was refused.
     */
    static Node error(int code, String text, Node answered) {
        return Node.builder("error").attr("code", Integer.toString(code)).attr("class", answered.tag())
                .attrIfPresent("id", answered.attr("id")).attr("text", text).build();
    }

    /** {@code <offline count='N'/>}: the N entries stored while the client was away have all been pushed. */
    static Node offline(int count) {
        return Node.builder("offline").attr("count", Integer.toString(count)).build();
    }

    static Node messageAck(String id, long serverTimeMillis) {
        return Node.builder("ack").attr("class", "message").attr("id", id).attr("t", seconds(serverTimeMillis))
                .build();
    }

    static Node messageNack(String id, int code, String text) {
        return Node.builder("ack").attr("class", "message").attr("id", id).attr("error", Integer.toString(code))
                .attr("text", text).build();
    }

    /** A message the store did not take: its code, its reason and, when the client should wait, {@code retry}. */
    static Node messageNack(String id, UserEntity.StoreFailed unstored) {
        return Node.builder("ack").attr("class", "message").attr("id", id)
                .attr("error", Integer.toString(unstored.code())).attr("text", unstored.reason())
                .attrIfPresent("retry-after", retryAttr(unstored)).build();
    }

    static Node receiptNack(String id, String to, UserEntity.StoreFailed unstored) {
        return Node.builder("ack").attr("class", "receipt").attr("id", id).attrIfPresent("to", to)
                .attr("error", Integer.toString(unstored.code())).attr("text", unstored.reason())
                .attrIfPresent("retry-after", retryAttr(unstored)).build();
    }

    // Milliseconds, as on a 429; absent when the client may retry at once.
    private static String retryAttr(UserEntity.StoreFailed unstored) {
        return unstored.retryAfterSeconds() > 0 ? Long.toString(unstored.retryAfterSeconds() * 1000L) : null;
    }

    /** A message refused by the sender's rate limit; {@code retry-after} is milliseconds until one would pass. */
    static Node messageRateLimited(String id, long retryAfterMillis, String text) {
        return Node.builder("ack").attr("class", "message").attr("id", id)
                .attr("error", Integer.toString(ErrorCode.RATE_LIMITED.code())).attr("text", text)
                .attr("retry-after", Long.toString(retryAfterMillis)).build();
    }

    /** {@code to} names the receipt's addressee: ids are unique per sender only. */
    static Node receiptAck(String id, String to) {
        return Node.builder("ack").attr("class", "receipt").attr("id", id).attrIfPresent("to", to).build();
    }

    static Node receiptNack(String id, String to, int code, String text) {
        return Node.builder("ack").attr("class", "receipt").attr("id", id).attrIfPresent("to", to)
                .attr("error", Integer.toString(code)).attr("text", text).build();
    }

    static Node iqResult(String id, Node child) {
        Node.Builder iq = Node.builder("iq").attr("id", id).attr("type", "result");
        return (child == null ? iq : iq.child(child)).build();
    }

    /**
     * An {@code <iq type='error'>} 429 whose {@code <error>} carries {@code retry-after}: milliseconds until the
     * limit lets the request through.
     */
    static Node rateLimited(String id, long retryAfterMillis, String text) {
        return Node.builder("iq").attr("id", id).attr("type", "error").child(Node.builder("error")
                .attr("code", Integer.toString(ErrorCode.RATE_LIMITED.code())).attr("text", text)
                .attr("retry-after", Long.toString(retryAfterMillis))).build();
    }

    static Node iqError(String id, int code, String text) {
        return Node.builder("iq").attr("id", id).attr("type", "error").child(error(code, text)).build();
    }

    /** A queued entry as the recipient sees it: a message, or a receipt for one it sent. */
    static Node delivery(MailboxEntry entry) {
        String t = seconds(entry.serverTime());
        if (entry.kind() == EntryKind.MESSAGE) {
            // receipt='none' travels on, so the recipient's client knows not to send a read receipt (§11.3).
            return Node.builder("message").attr("from", entry.sender().address())
                    .attr("id", entry.messageId().value()).attr("t", t)
                    .attrIfPresent("receipt", entry.receipts() ? null : "none")
                    .child(MessageContent.contentOf(entry.payload())).build();
        }
        if (entry.kind() == EntryKind.PREKEYS_LOW || entry.kind() == EntryKind.IDENTITY_CHANGED) {
            return KeyStanzas.notification(entry);
        }
        if (entry.kind() == EntryKind.GROUP_DELIVERY_RECEIPT || entry.kind() == EntryKind.GROUP_READ_RECEIPT) {
            // Kept in the sender's own mailbox under its own id; the payload names the group (PROTOCOL.md §13.4).
            String group = new String(entry.payload(), StandardCharsets.US_ASCII) + "@" + GroupId.DOMAIN;
            return Node.builder("receipt").attr("type", entry.kind() == EntryKind.GROUP_READ_RECEIPT ? "read"
                    : "delivery").attr("from", group).attr("id", entry.messageId().value()).attr("t", t).build();
        }
        return Node.builder("receipt").attr("type", entry.kind() == EntryKind.READ_RECEIPT ? "read" : "delivery")
                .attr("from", entry.sender().address()).attr("id", entry.messageId().value()).attr("t", t).build();
    }

    private static String seconds(long millis) {
        return Long.toString(millis / 1000);
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.session;

import io.switchboard.protocol.id.UserId;
import io.switchboard.protocol.node.Node;
import io.switchboard.server.store.EntryKind;
import io.switchboard.server.store.MailboxEntry;

/**
 * The nodes a session writes, built in one place so each stanza's shape is written once (docs/PROTOCOL.md §11–12).
 */
final class Stanzas {

    private Stanzas() {
    }

    static Node loginSuccess(UserId user, long now) {
        return Node.builder("success").attr("user", user.address()).attr("t", Long.toString(now)).build();
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

    static Node messageAck(String id, long serverTime) {
        return Node.builder("ack").attr("class", "message").attr("id", id).attr("t", Long.toString(serverTime))
                .build();
    }

    static Node messageNack(String id, int code, String text) {
        return Node.builder("ack").attr("class", "message").attr("id", id).attr("error", Integer.toString(code))
                .attr("text", text).build();
    }

    static Node receiptAck(String id) {
        return Node.builder("ack").attr("class", "receipt").attr("id", id).build();
    }

    static Node receiptNack(String id, int code, String text) {
        return Node.builder("ack").attr("class", "receipt").attr("id", id).attr("error", Integer.toString(code))
                .attr("text", text).build();
    }

    static Node iqResult(String id, Node child) {
        Node.Builder iq = Node.builder("iq").attr("id", id).attr("type", "result");
        return (child == null ? iq : iq.child(child)).build();
    }

    static Node iqError(String id, int code, String text) {
        return Node.builder("iq").attr("id", id).attr("type", "error").child(error(code, text)).build();
    }

    /** A queued entry as the recipient sees it: a message, or a receipt for one it sent. */
    static Node delivery(MailboxEntry entry) {
        String t = Long.toString(entry.serverTime());
        if (entry.kind() == EntryKind.MESSAGE) {
            return Node.builder("message").attr("from", entry.sender().address())
                    .attr("id", entry.messageId().value()).attr("t", t)
                    .child(Node.builder("body").bytes(entry.payload())).build();
        }
        return Node.builder("receipt").attr("type", entry.kind() == EntryKind.READ_RECEIPT ? "read" : "delivery")
                .attr("from", entry.sender().address()).attr("id", entry.messageId().value()).attr("t", t).build();
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import io.switchboard.protocol.id.MessageId;
import io.switchboard.protocol.id.UserId;
import java.util.Arrays;
import java.util.Objects;

/**
 * One durable mailbox row: a message or receipt waiting for its recipient. {@code seq} is assigned by the store
 * (0 before append) and increases in append order across the whole store, so a recipient drains its entries in
 * the order they were stored. {@code payload} is opaque (an encoded body now, ciphertext later) and never logged.
 *
 * @param seq        store-assigned position, 0 before append
 * @param recipient  whose mailbox
 * @param sender     who sent it; with {@code messageId} and {@code kind} it identifies a duplicate
 * @param messageId  the sender's client-generated id
 * @param kind       message or receipt
 * @param serverTime when the server accepted it, epoch millis
 * @param payload    opaque bytes; the array is not copied, callers must not change it after handing it over
 * @param origin     the registration that wrote the message this entry is or answers (for a receipt, the
 *                   message's author); part of the dedupe key. A read receipt appended with
 *                   {@link MessageOrigin#LEGACY} gets the origin of the message it answers from the store
 * @param receipts   whether that message's author wants receipts (false: it sent {@code receipt='none'})
 */
public record MailboxEntry(long seq, UserId recipient, UserId sender, MessageId messageId, EntryKind kind,
        long serverTime, byte[] payload, MessageOrigin origin, boolean receipts) {

    public MailboxEntry {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(payload, "payload");
        if (seq < 0) {
            throw new IllegalArgumentException("seq must not be negative: " + seq);
        }
    }

    /** An entry of the legacy origin that wants receipts. */
    public MailboxEntry(long seq, UserId recipient, UserId sender, MessageId messageId, EntryKind kind,
            long serverTime, byte[] payload) {
        this(seq, recipient, sender, messageId, kind, serverTime, payload, MessageOrigin.LEGACY, true);
    }

    /** An entry to append: seq 0, assigned by the store. */
    public static MailboxEntry toAppend(UserId recipient, UserId sender, MessageId messageId, EntryKind kind,
            long serverTime, byte[] payload) {
        return new MailboxEntry(0, recipient, sender, messageId, kind, serverTime, payload);
    }

    /** This entry as stored at {@code assignedSeq}. */
    public MailboxEntry withSeq(long assignedSeq) {
        return new MailboxEntry(assignedSeq, recipient, sender, messageId, kind, serverTime, payload, origin,
                receipts);
    }

    /** This entry with the origin (and receipt wish) of the message it answers. */
    public MailboxEntry withOrigin(MessageOrigin resolved, boolean wantsReceipts) {
        return new MailboxEntry(seq, recipient, sender, messageId, kind, serverTime, payload, resolved,
                wantsReceipts);
    }

    // Records compare arrays by reference; entries are equal when their bytes are.
    @Override
    public boolean equals(Object o) {
        return o instanceof MailboxEntry e && seq == e.seq && serverTime == e.serverTime
                && recipient.equals(e.recipient) && sender.equals(e.sender) && messageId.equals(e.messageId)
                && kind == e.kind && Arrays.equals(payload, e.payload) && origin.equals(e.origin)
                && receipts == e.receipts;
    }

    @Override
    public int hashCode() {
        return Objects.hash(seq, recipient, sender, messageId, kind, serverTime, Arrays.hashCode(payload), origin,
                receipts);
    }

    /** Ids and the payload's length only: payload bytes never reach a log. */
    @Override
    public String toString() {
        return "MailboxEntry[seq=" + seq + ", recipient=" + recipient + ", sender=" + sender + ", messageId="
                + messageId + ", kind=" + kind + ", serverTime=" + serverTime + ", payload=" + payload.length
                + " bytes, origin=" + origin + ", receipts=" + receipts + "]";
    }
}

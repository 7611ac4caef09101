// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import io.switchboard.protocol.id.UserId;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Durable per-recipient mailboxes. Appends and deletes from all callers are group-committed: a future completes
 * only after the transaction holding its change is committed and forced to disk, so "one check" survives
 * {@code kill -9} and a power cut. A full write queue fails the future at once with
 * {@link StoreOverloadedException}; a failed batch fails every future in it with the cause.
 *
 * <p>Futures complete on the store's completion thread: keep dependent stages short (a {@code pipeToSelf} is).
 */
public interface MailboxStore {

    /** Stores {@code entry} (its seq is ignored) unless it is a duplicate; completes after the commit is forced. */
    default CompletableFuture<AppendResult> append(MailboxEntry entry) {
        return append(entry, Long.MAX_VALUE);
    }

    /**
     * As {@link #append(MailboxEntry)}, for a chat message within its sender's quota: the payload bytes the sender
     * has stored and not yet delivered, in all mailboxes, may not pass {@code senderQuotaBytes}. Checked and
     * charged in the same transaction as the insert (so on every node sharing the store, and across restarts); a
     * message past it is {@link AppendResult.Refused} with 413, and its id stays free for a later retry.
     */
    CompletableFuture<AppendResult> append(MailboxEntry entry, long senderQuotaBytes);

    /**
     * Deletes the entry at {@code seq} after the recipient's client acked it, giving a message's bytes back to its
     * sender's quota in the same transaction; deleting a missing entry is a no-op.
     *
     * @return true when this delete removed the entry, false when it was gone already (acked twice)
     */
    CompletableFuture<Boolean> delete(UserId recipient, long seq);

    /** Up to {@code limit} of the recipient's entries with seq greater than {@code afterSeq}, in seq order. */
    CompletableFuture<List<MailboxEntry>> pending(UserId recipient, long afterSeq, int limit);

    /** The chat messages waiting for {@code recipient}: how many, and their payload bytes. */
    CompletableFuture<MailboxUsage> usage(UserId recipient);

    /** Payload bytes of the chat messages {@code sender} has stored and not yet delivered, in all mailboxes. */
    CompletableFuture<Long> storedBy(UserId sender);

    /** How many entries wait for the recipient. */
    CompletableFuture<Long> countPending(UserId recipient);

    /** How many entries wait in all mailboxes together (the mailbox depth operators watch). */
    CompletableFuture<Long> countAllPending();
}

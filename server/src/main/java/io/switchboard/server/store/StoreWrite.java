// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import io.switchboard.protocol.id.GroupId;
import io.switchboard.protocol.id.UserId;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A write waiting in the group committer's queue, with the future its caller holds. The committer completes the
 * future with the write's result only after the round holding it committed.
 */
sealed interface StoreWrite {

    /** The future the caller holds; completed once the round holding this write is committed or has failed. */
    CompletableFuture<?> done();

    /** Completes {@code done} exceptionally: the batch holding this write failed or never ran. */
    default void fail(Throwable cause) {
        done().completeExceptionally(cause);
    }

    /** Completes {@code done} with what {@link RoundWriter} returned for this write. */
    void succeed(Object result);

    /** {@code senderQuotaBytes}: see {@link MailboxStore#append(MailboxEntry, long)}. */
    record Append(MailboxEntry entry, long senderQuotaBytes, CompletableFuture<AppendResult> done)
            implements StoreWrite {
        @Override
        public void succeed(Object result) {
            done.complete((AppendResult) result);
        }
    }

    /** Completes with whether this delete removed the row. */
    record Delete(UserId recipient, long seq, CompletableFuture<Boolean> done) implements StoreWrite {
        @Override
        public void succeed(Object result) {
            done.complete((Boolean) result);
        }
    }

    /**
     * A small write with its own SQL (registration codes, account bindings, last seen), run in queue order after the
     * round's mailbox and group writes, inside a savepoint so that its failure fails it alone. Going through the
     * single writer rather than a reader thread matters on SQLite: two writers contend for one lock and the loser
     * sleeps in the busy handler, and each would pay its own forced commit instead of sharing the round's.
     */
    record Small<T>(JdbcExecutor.Work<T> work, CompletableFuture<T> done) implements StoreWrite {
        @Override
        @SuppressWarnings("unchecked") // RoundWriter returns what work returned
        public void succeed(Object result) {
            done.complete((T) result);
        }
    }

    /** Enqueued last by close(): the writer commits what came before and stops. */
    record Stop() implements StoreWrite {
        /** Nobody waits for a stop: its future is done from the start, so failing it changes nothing. */
        private static final CompletableFuture<Void> NOBODY = CompletableFuture.completedFuture(null);

        @Override
        public CompletableFuture<?> done() {
            return NOBODY;
        }

        @Override
        public void succeed(Object result) {
            // nobody waits for it
        }
    }

    /**
     * Forgets dedupe keys first seen before {@code before} and group log entries stored before it; completes with
     * how many rows went.
     */
    record PurgeExpired(long before, CompletableFuture<Integer> done) implements StoreWrite {
        @Override
        public void succeed(Object result) {
            done.complete((Integer) result);
        }
    }

    /** See {@link GroupStore#create}; completes with false when the group exists already. */
    record CreateGroup(GroupInfo info, List<GroupMember> members, GroupLogEntry created,
            CompletableFuture<Boolean> done) implements StoreWrite {
        @Override
        public void succeed(Object result) {
            done.complete((Boolean) result);
        }
    }

    /** See {@link GroupStore#append}; {@code change} may be null. */
    record AppendToGroup(GroupLogEntry entry, GroupChange change, CompletableFuture<AppendResult> done)
            implements StoreWrite {
        @Override
        public void succeed(Object result) {
            done.complete((AppendResult) result);
        }
    }

    /** See {@link GroupStore#saveCursors}. */
    record SaveCursors(GroupId group, List<MemberCursor> cursors, CompletableFuture<Void> done)
            implements StoreWrite {
        @Override
        public void succeed(Object result) {
            done.complete(null);
        }
    }

    /** See {@link GroupStore#dropDeliveredPayloads}. */
    record DropPayloads(GroupId group, long upToSeq, CompletableFuture<Void> done) implements StoreWrite {
        @Override
        public void succeed(Object result) {
            done.complete(null);
        }
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import io.switchboard.protocol.id.UserId;
import java.util.concurrent.CompletableFuture;

/** A write waiting in the group committer's queue, with the future its caller holds. */
sealed interface MailboxWrite {

    /** Completes {@code done} exceptionally: the batch holding this write failed or never ran. */
    void fail(Throwable cause);

    record Append(MailboxEntry entry, CompletableFuture<AppendResult> done) implements MailboxWrite {
        @Override
        public void fail(Throwable cause) {
            done.completeExceptionally(cause);
        }
    }

    record Delete(UserId recipient, long seq, CompletableFuture<Void> done) implements MailboxWrite {
        @Override
        public void fail(Throwable cause) {
            done.completeExceptionally(cause);
        }
    }

    /** Enqueued last by close(): the writer commits what came before and stops. */
    record Stop() implements MailboxWrite {
        @Override
        public void fail(Throwable cause) {
            // nobody waits for it
        }
    }

    /** Forgets dedupe keys first seen before {@code seenBefore}; completes with how many. */
    record PurgeDedupe(long seenBefore, CompletableFuture<Integer> done) implements MailboxWrite {
        @Override
        public void fail(Throwable cause) {
            done.completeExceptionally(cause);
        }
    }
}

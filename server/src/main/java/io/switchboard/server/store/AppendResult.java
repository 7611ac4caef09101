// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

/**
 * The outcome of a durable append. Both outcomes mean "the server has it": the caller acknowledges either way, so
 * a client retrying with the same id after a lost ack gets its one check without a second copy.
 */
public sealed interface AppendResult {

    /** Stored now, at {@code seq}; the batch holding it is committed and forced to disk. */
    record Appended(long seq) implements AppendResult {
    }

    /**
     * (recipient, sender, messageId, kind) was stored before, within the dedupe retention, even if that copy has
     * since been delivered and deleted; nothing was stored this time.
     */
    record Duplicate() implements AppendResult {
    }
}

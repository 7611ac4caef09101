// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

/**
 * The outcome of a durable append. {@link Appended} and {@link Duplicate} mean "the server has it": the caller
 * acknowledges either way, so a client retrying with the same id after a lost ack gets its one check without a
 * second copy. {@link Refused} means it was not stored and never will be under that id: the caller answers with its
 * code, never with an ack.
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

    /**
     * Not stored: {@code code} (a stanza code, e.g. 409 for an id already used for other content, 404 for a read
     * receipt of a message the reader never received) and a sentence for the user.
     */
    record Refused(int code, String reason) implements AppendResult {
    }
}

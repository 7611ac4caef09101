// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

/**
 * The chat messages waiting in one recipient's mailbox, as the store counts them ({@code COUNT}, {@code SUM} of
 * payload lengths): what its user entity starts from, so the mailbox bound holds across restarts.
 *
 * @param messages chat messages stored and not yet acked by the recipient
 * @param bytes    their payload bytes
 */
public record MailboxUsage(long messages, long bytes) {
}

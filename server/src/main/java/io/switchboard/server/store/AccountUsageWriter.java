// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.server.limits.MailboxBounds;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The per-account storage quota, in the round's transaction (see V8): each fresh chat message adds its payload bytes
 * to its sender's {@code account_usage} row, but only while the sum stays within the sender's quota; each deleted
 * message gives its bytes back. Because the row changes with the mailbox row it counts, all or nothing, it needs no
 * recount after a crash and no coordination between nodes beyond the database's row lock.
 *
 * <p>Why a usage row and not {@code SUM} over the mailbox: one indexed upsert per message instead of a scan of up to
 * a quota's worth of rows, and the conditional upsert checks and charges in one statement, so two rounds (on one
 * node or two) cannot both see room for the last message. Rows are touched in account order within each batch, so
 * two nodes' rounds lock them in the same order.
 */
final class AccountUsageWriter {

    private static final String CHARGE = "INSERT INTO account_usage (account, stored_bytes) VALUES (?, ?)"
            + " ON CONFLICT (account) DO UPDATE SET stored_bytes = account_usage.stored_bytes + excluded.stored_bytes"
            + " WHERE account_usage.stored_bytes + excluded.stored_bytes <= ?";
    // A subquery that finds no row (already deleted, or not a message) yields NULL, which matches no account.
    private static final String RELEASE = "UPDATE account_usage SET stored_bytes = stored_bytes"
            + " - (SELECT LENGTH(payload) FROM mailbox WHERE recipient = ? AND seq = ? AND kind = 1)"
            + " WHERE account = (SELECT sender FROM mailbox WHERE recipient = ? AND seq = ? AND kind = 1)";
    private static final String FORGET_DEDUPE = "DELETE FROM mailbox_dedupe WHERE recipient = ? AND sender = ?"
            + " AND message_id = ? AND kind = ? AND origin_device = ? AND origin_epoch = ?";

    /**
     * Charges each fresh chat message among {@code fresh} to its sender; refuses (413) those past their sender's
     * quota and forgets their dedupe keys, so the same id may be sent again once there is room.
     *
     * @return the indexes of {@code fresh} still to be inserted, in their original order
     */
    List<Integer> charge(Connection c, MailboxEntry[] entries, long[] quotas, List<Integer> appends,
            List<Integer> fresh, Object[] results) throws SQLException {
        List<Integer> messages = new ArrayList<>();
        List<Integer> refused = new ArrayList<>();
        for (int i : fresh) {
            if (entries[i].kind() != EntryKind.MESSAGE) {
                continue;
            }
            if (entries[i].payload().length > quotas[i]) {
                refused.add(i);
            } else {
                messages.add(i);
            }
        }
        messages.sort(Comparator.comparing((Integer i) -> entries[i].sender().digits()));
        if (!messages.isEmpty()) {
            int[] counts;
            try (PreparedStatement ps = c.prepareStatement(CHARGE)) {
                for (int i : messages) {
                    ps.setString(1, entries[i].sender().digits());
                    ps.setLong(2, entries[i].payload().length);
                    ps.setLong(3, quotas[i]);
                    ps.addBatch();
                }
                counts = ps.executeBatch();
            }
            for (int k = 0; k < counts.length; k++) {
                if (counts[k] == 0) {
                    refused.add(messages.get(k));
                } else if (counts[k] != 1) {
                    // Without an exact count the quota could be charged and the message refused; stop the round.
                    throw new SQLException("driver returned update count " + counts[k] + " for a quota upsert");
                }
            }
        }
        if (refused.isEmpty()) {
            return fresh;
        }
        forgetDedupe(c, entries, refused);
        for (int i : refused) {
            AppendResult.Refused refusal = new AppendResult.Refused(ErrorCode.TOO_LARGE.code(), overQuota(quotas[i]));
            results[i] = refusal;
            // A retry of it in this same round was taken for a duplicate of it: it is refused too, not acked.
            for (int j : appends) {
                if (results[j] instanceof AppendResult.Duplicate && sameKey(entries[i], entries[j])) {
                    results[j] = refusal;
                }
            }
        }
        Set<Integer> kept = new LinkedHashSet<>(fresh);
        kept.removeAll(refused);
        return List.copyOf(kept);
    }

    /** Gives back the bytes of the chat messages among {@code deletes}; runs before the rows are deleted. */
    void release(Connection c, List<StoreWrite.Delete> deletes) throws SQLException {
        // The same entry acked twice in one round (a redelivery) must be given back once.
        Set<String> seen = new LinkedHashSet<>();
        try (PreparedStatement ps = c.prepareStatement(RELEASE)) {
            for (StoreWrite.Delete d : deletes) {
                if (seen.add(d.recipient().digits() + "/" + d.seq())) {
                    ps.setString(1, d.recipient().digits());
                    ps.setLong(2, d.seq());
                    ps.setString(3, d.recipient().digits());
                    ps.setLong(4, d.seq());
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
    }

    private static boolean sameKey(MailboxEntry a, MailboxEntry b) {
        return a.recipient().equals(b.recipient()) && a.sender().equals(b.sender())
                && a.messageId().equals(b.messageId()) && a.kind() == b.kind() && a.origin().equals(b.origin());
    }

    static String overQuota(long quotaBytes) {
        return "you have " + MailboxBounds.describe(quotaBytes) + " of messages your recipients have not received"
                + " yet; send more once some of them come online";
    }

    private static void forgetDedupe(Connection c, MailboxEntry[] entries, List<Integer> refused)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(FORGET_DEDUPE)) {
            for (int i : refused) {
                MailboxEntry e = entries[i];
                ps.setString(1, e.recipient().digits());
                ps.setString(2, e.sender().digits());
                ps.setString(3, e.messageId().value());
                ps.setInt(4, e.kind().code());
                ps.setInt(5, e.origin().device());
                ps.setLong(6, e.origin().epoch());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}

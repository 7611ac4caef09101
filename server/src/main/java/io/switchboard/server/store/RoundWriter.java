// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The SQL of one group-commit round: runs every write of the round inside the caller's open transaction and
 * returns each write's result, in order. Mailbox writes go to {@link MailboxBatchWriter} (batched), group writes to
 * {@link GroupBatchWriter} (in queue order); the two touch disjoint tables, so running one set before the other
 * changes nothing. Purges run first. It neither commits nor completes futures; {@link GroupCommitter} does, after
 * the commit.
 */
final class RoundWriter {

    private final MailboxBatchWriter mailbox;
    private final GroupBatchWriter groups = new GroupBatchWriter();

    RoundWriter(Dialect dialect) {
        this.mailbox = new MailboxBatchWriter(dialect);
    }

    /**
     * Executes {@code round} in {@code c}'s transaction.
     *
     * @param now the dedupe rows' seen-at time, epoch millis
     * @return per write: what its {@link StoreWrite#succeed} expects, or the exception that failed that write alone
     *         (nothing of it was written)
     */
    Object[] execute(Connection c, List<StoreWrite> round, long now) throws SQLException {
        Object[] results = new Object[round.size()];
        for (int i = 0; i < round.size(); i++) {
            if (round.get(i) instanceof StoreWrite.PurgeExpired p) {
                results[i] = mailbox.purgeDedupe(c, p.before()) + groups.purge(c, p.before());
            }
        }
        mailbox.execute(c, round, results, now);
        groups.execute(c, round, results);
        return results;
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.List;

/**
 * The SQL of one group-commit round: runs every write of the round inside the caller's open transaction and
 * returns each write's result, in order. Mailbox writes go to {@link MailboxBatchWriter} (batched), group writes to
 * {@link GroupBatchWriter} (in queue order), then small writes one by one in a savepoint each; the three sets touch
 * disjoint tables, so running one before another changes nothing. Purges run first. It neither commits nor completes
 * futures; {@link GroupCommitter} does, after the commit.
 *
 * <p>All or nothing: any failure except a small write's own ends the round at once (the caller rolls it back and
 * fails every write in it), since SQLite may have rolled the whole transaction back already, and a statement run
 * after that would commit on its own. A small write's own failure is rolled back to its savepoint and the
 * transaction checked to be still open before anything else runs; a failure that says the database cannot write
 * ends the round too, whoever hit it.
 */
final class RoundWriter {

    private final Dialect dialect;
    private final MailboxBatchWriter mailbox;
    private final GroupBatchWriter groups = new GroupBatchWriter();

    RoundWriter(Dialect dialect) {
        this.dialect = dialect;
        this.mailbox = new MailboxBatchWriter(dialect);
    }

    /**
     * Executes {@code round} in {@code c}'s transaction.
     *
     * @param now the dedupe rows' seen-at time, epoch millis
     * @return per write: what its {@link StoreWrite#succeed} expects, or the exception that failed that write alone
     *         (nothing of it was written)
     * @throws SQLException when the round cannot go on; the caller must roll it back whole
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
        for (int i = 0; i < round.size(); i++) {
            if (round.get(i) instanceof StoreWrite.Small<?> small) {
                results[i] = runAlone(c, small.work());
            }
        }
        return results;
    }

    // A savepoint, because on PostgreSQL a failed statement would otherwise abort the whole round's transaction.
    private Object runAlone(Connection c, JdbcExecutor.Work<?> work) throws SQLException {
        Savepoint savepoint = c.setSavepoint();
        try {
            Object result = work.run(c);
            c.releaseSavepoint(savepoint);
            return result;
        } catch (SQLException | RuntimeException e) {
            if (dialect.unwritable(e) != null) {
                throw e;
            }
            // Throws when the transaction went with the failure: the round fails whole, nothing more runs in it.
            c.rollback(savepoint);
            dialect.checkTransactionOpen(c);
            return e;
        }
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of a round's mailbox writes: executes them as JDBC batches inside the caller's open transaction and
 * records each write's result. It neither commits nor completes futures; {@link GroupCommitter} does, after the
 * commit.
 *
 * <p>Duplicates are found by the database: every append first inserts its (recipient, sender, id, kind) into
 * {@code mailbox_dedupe} with {@code ON CONFLICT DO NOTHING}; an update count of 0 means seen before, in an earlier
 * transaction or earlier in this batch, and the append stores nothing.
 */
final class MailboxBatchWriter {

    private static final String INSERT_DEDUPE = "INSERT INTO mailbox_dedupe (recipient, sender, message_id, kind,"
            + " seen_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
    private static final String INSERT_ENTRY = "INSERT INTO mailbox (recipient, sender, message_id, kind,"
            + " server_time, payload) VALUES (?, ?, ?, ?, ?, ?)";
    private static final String DELETE_ENTRY = "DELETE FROM mailbox WHERE recipient = ? AND seq = ?";
    private static final String PURGE_DEDUPE = "DELETE FROM mailbox_dedupe WHERE seen_at < ?";

    private static final AppendResult DUPLICATE = new AppendResult.Duplicate();

    private final Dialect dialect;

    MailboxBatchWriter(Dialect dialect) {
        this.dialect = dialect;
    }

    /**
     * Executes the mailbox appends and deletes among {@code writes} in {@code c}'s transaction, appends first (a
     * delete names a seq its caller got from an earlier, committed append); other writes are left alone.
     *
     * @param results filled per append with its {@link AppendResult}
     * @param now     the dedupe rows' seen-at time, epoch millis
     */
    void execute(Connection c, List<StoreWrite> writes, Object[] results, long now) throws SQLException {
        List<Integer> appends = new ArrayList<>();
        List<Integer> deletes = new ArrayList<>();
        for (int i = 0; i < writes.size(); i++) {
            StoreWrite w = writes.get(i);
            if (w instanceof StoreWrite.Append) {
                appends.add(i);
            } else if (w instanceof StoreWrite.Delete) {
                deletes.add(i);
            }
        }
        if (!appends.isEmpty()) {
            List<Integer> fresh = markDuplicates(c, writes, appends, results, now);
            insertEntries(c, writes, fresh, results);
        }
        if (!deletes.isEmpty()) {
            deleteEntries(c, writes, deletes);
        }
    }

    /** Forgets dedupe keys first seen before {@code seenBefore}; returns how many. */
    int purgeDedupe(Connection c, long seenBefore) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(PURGE_DEDUPE)) {
            ps.setLong(1, seenBefore);
            return ps.executeUpdate();
        }
    }

    /** Records every append's dedupe key; returns the indexes of those seen for the first time. */
    private List<Integer> markDuplicates(Connection c, List<StoreWrite> writes, List<Integer> appends,
            Object[] results, long now) throws SQLException {
        int[] counts;
        try (PreparedStatement ps = c.prepareStatement(INSERT_DEDUPE)) {
            for (int i : appends) {
                MailboxEntry e = ((StoreWrite.Append) writes.get(i)).entry();
                ps.setString(1, e.recipient().digits());
                ps.setString(2, e.sender().digits());
                ps.setString(3, e.messageId().value());
                ps.setInt(4, e.kind().code());
                ps.setLong(5, now);
                ps.addBatch();
            }
            counts = ps.executeBatch();
        }
        List<Integer> fresh = new ArrayList<>(appends.size());
        for (int k = 0; k < counts.length; k++) {
            int i = appends.get(k);
            if (counts[k] == 1) {
                fresh.add(i);
            } else if (counts[k] == 0) {
                results[i] = DUPLICATE;
            } else {
                // Without an exact count a duplicate could be stored twice; refuse rather than guess.
                throw new SQLException("driver returned update count " + counts[k] + " for a dedupe insert");
            }
        }
        return fresh;
    }

    private void insertEntries(Connection c, List<StoreWrite> writes, List<Integer> fresh, Object[] results)
            throws SQLException {
        if (fresh.isEmpty()) {
            return;
        }
        if (dialect.batchReturnsKeys()) {
            try (PreparedStatement ps = c.prepareStatement(INSERT_ENTRY, new String[] {"seq"})) {
                for (int i : fresh) {
                    bindEntry(ps, ((StoreWrite.Append) writes.get(i)).entry());
                    ps.addBatch();
                }
                ps.executeBatch();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    for (int i : fresh) {
                        results[i] = new AppendResult.Appended(nextKey(keys));
                    }
                }
            }
        } else {
            // An in-process database pays nothing per statement, so one RETURNING insert per row is cheap.
            try (PreparedStatement ps = c.prepareStatement(INSERT_ENTRY + " RETURNING seq")) {
                for (int i : fresh) {
                    bindEntry(ps, ((StoreWrite.Append) writes.get(i)).entry());
                    try (ResultSet keys = ps.executeQuery()) {
                        results[i] = new AppendResult.Appended(nextKey(keys));
                    }
                }
            }
        }
    }

    private static void bindEntry(PreparedStatement ps, MailboxEntry e) throws SQLException {
        ps.setString(1, e.recipient().digits());
        ps.setString(2, e.sender().digits());
        ps.setString(3, e.messageId().value());
        ps.setInt(4, e.kind().code());
        ps.setLong(5, e.serverTime());
        ps.setBytes(6, e.payload());
    }

    private static long nextKey(ResultSet keys) throws SQLException {
        if (!keys.next()) {
            throw new SQLException("no generated seq for an inserted mailbox entry");
        }
        return keys.getLong(1);
    }

    private static void deleteEntries(Connection c, List<StoreWrite> writes, List<Integer> deletes)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(DELETE_ENTRY)) {
            for (int i : deletes) {
                StoreWrite.Delete d = (StoreWrite.Delete) writes.get(i);
                ps.setString(1, d.recipient().digits());
                ps.setLong(2, d.seq());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}

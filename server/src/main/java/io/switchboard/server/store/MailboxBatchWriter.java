// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import io.switchboard.protocol.id.MessageId;
import io.switchboard.protocol.id.UserId;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
 * <p>Duplicates are found by the database: every append first inserts its (recipient, sender, id, kind, origin)
 * into {@code mailbox_dedupe} with {@code ON CONFLICT DO NOTHING}; an update count of 0 means seen before, in an
 * earlier transaction or earlier in this batch, and the append stores nothing. The row keeps a short hash of the
 * content: the same key with other content is not a retry but a reused id, and is refused (409) rather than acked
 * and dropped, which is how messages used to vanish.
 *
 * <p>Each fresh chat message is charged to its sender's storage quota and each deleted one given back, in the same
 * transaction ({@link AccountUsageWriter}); a message past the quota is refused (413) and leaves no dedupe key.
 *
 * <p>A read receipt arrives without an origin (the reader's client names only sender and id); it takes the origin of
 * the message it answers, which the reader must have been sent: its dedupe row (kept after delivery, for the
 * retention) or the delivery receipt's. A read implies delivery, so when the delivery receipt is not stored yet (the
 * reader's ack is still on its way) it is stored first, in the same round, and reaches the sender before the read.
 */
final class MailboxBatchWriter {

    private static final String INSERT_DEDUPE = "INSERT INTO mailbox_dedupe (recipient, sender, message_id, kind,"
            + " origin_device, origin_epoch, content_hash, receipts, seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT DO NOTHING";
    private static final String DEDUPE_HASH = "SELECT content_hash FROM mailbox_dedupe WHERE recipient = ?"
            + " AND sender = ? AND message_id = ? AND kind = ? AND origin_device = ? AND origin_epoch = ?";
    private static final String LATEST_ORIGIN = "SELECT origin_device, origin_epoch, receipts FROM mailbox_dedupe"
            + " WHERE recipient = ? AND sender = ? AND message_id = ? AND kind = ?"
            + " ORDER BY origin_epoch DESC, origin_device DESC LIMIT 1";
    private static final String INSERT_ENTRY = "INSERT INTO mailbox (recipient, sender, message_id, kind,"
            + " server_time, payload, origin_device, origin_epoch, receipts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String DELETE_ENTRY = "DELETE FROM mailbox WHERE recipient = ? AND seq = ?";
    private static final String PURGE_DEDUPE = "DELETE FROM mailbox_dedupe WHERE seen_at < ?";

    private static final AppendResult DUPLICATE = new AppendResult.Duplicate();
    static final String REUSED_ID = "this id was already used for another message; use a new id";
    static final String NOT_RECEIVED = "no message with this id from this user reached you; a read receipt names a"
            + " message you received";
    static final String NO_RECEIPTS = "the sender asked for no receipts (receipt='none') for this message";

    private final Dialect dialect;
    private final AccountUsageWriter usage = new AccountUsageWriter();

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
        MailboxEntry[] entries = new MailboxEntry[writes.size()];
        long[] quotas = new long[writes.size()];
        for (int i = 0; i < writes.size(); i++) {
            StoreWrite w = writes.get(i);
            if (w instanceof StoreWrite.Append a) {
                entries[i] = a.entry();
                quotas[i] = a.senderQuotaBytes();
                if (isUnresolvedRead(a.entry())) {
                    AppendResult refused = resolveRead(c, entries, i, now);
                    if (refused != null) {
                        results[i] = refused;
                        continue;
                    }
                }
                appends.add(i);
            } else if (w instanceof StoreWrite.Delete) {
                deletes.add(i);
            }
        }
        if (!appends.isEmpty()) {
            List<Integer> fresh = markDuplicates(c, entries, appends, results, now);
            insertEntries(c, entries, usage.charge(c, entries, quotas, appends, fresh, results), results);
        }
        if (!deletes.isEmpty()) {
            usage.release(c, deletes.stream().map(i -> (StoreWrite.Delete) writes.get(i)).toList());
            deleteEntries(c, writes, deletes, results);
        }
    }

    private static boolean isUnresolvedRead(MailboxEntry e) {
        return e.kind() == EntryKind.READ_RECEIPT && e.origin().equals(MessageOrigin.LEGACY);
    }

    /**
     * Gives the read receipt at {@code i} the origin of the message it answers, storing the implied delivery receipt
     * first when there is none yet; returns the refusal when the reader was never sent that message or its author
     * wants no receipts, else null.
     */
    private AppendResult resolveRead(Connection c, MailboxEntry[] entries, int i, long now) throws SQLException {
        MailboxEntry read = entries[i];
        // The read receipt goes to the message's author (recipient) from its reader (sender).
        Origin sent = latestOrigin(c, read.sender(), read.recipient(), read.messageId(), EntryKind.MESSAGE);
        Origin delivered = latestOrigin(c, read.recipient(), read.sender(), read.messageId(),
                EntryKind.DELIVERY_RECEIPT);
        if (sent == null && delivered == null) {
            return new AppendResult.Refused(404, NOT_RECEIVED);
        }
        if (delivered != null && (sent == null || delivered.origin().epoch() >= sent.origin().epoch())) {
            entries[i] = read.withOrigin(delivered.origin(), true);
            return null;
        }
        if (!sent.receipts()) {
            return new AppendResult.Refused(403, NO_RECEIPTS);
        }
        MailboxEntry delivery = new MailboxEntry(0, read.recipient(), read.sender(), read.messageId(),
                EntryKind.DELIVERY_RECEIPT, read.serverTime(), new byte[0], sent.origin(), true);
        if (insertDedupe(c, delivery, now) == 1) {
            insertEntry(c, delivery);
        }
        entries[i] = read.withOrigin(sent.origin(), true);
        return null;
    }

    private record Origin(MessageOrigin origin, boolean receipts) {
    }

    private static Origin latestOrigin(Connection c, UserId recipient, UserId sender,
            MessageId id, EntryKind kind)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(LATEST_ORIGIN)) {
            ps.setString(1, recipient.digits());
            ps.setString(2, sender.digits());
            ps.setString(3, id.value());
            ps.setInt(4, kind.code());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Origin(new MessageOrigin(rs.getInt(1), rs.getLong(2)), rs.getInt(3) != 0)
                        : null;
            }
        }
    }

    private static int insertDedupe(Connection c, MailboxEntry e, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_DEDUPE)) {
            bindDedupe(ps, e, now);
            return ps.executeUpdate();
        }
    }

    private void insertEntry(Connection c, MailboxEntry e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_ENTRY)) {
            bindEntry(ps, e);
            ps.executeUpdate();
        }
    }

    private static void bindDedupe(PreparedStatement ps, MailboxEntry e, long now) throws SQLException {
        ps.setString(1, e.recipient().digits());
        ps.setString(2, e.sender().digits());
        ps.setString(3, e.messageId().value());
        ps.setInt(4, e.kind().code());
        ps.setInt(5, e.origin().device());
        ps.setLong(6, e.origin().epoch());
        ps.setLong(7, contentHash(e.payload()));
        ps.setInt(8, e.receipts() ? 1 : 0);
        ps.setLong(9, now);
    }

    /** The first 8 bytes of the payload's SHA-256, never 0 (0 marks rows stored before hashes were kept). */
    static long contentHash(byte[] payload) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(payload);
            return ByteBuffer.wrap(digest, 0, Long.BYTES).getLong() | 1L;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
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
    private List<Integer> markDuplicates(Connection c, MailboxEntry[] entries, List<Integer> appends,
            Object[] results, long now) throws SQLException {
        int[] counts;
        try (PreparedStatement ps = c.prepareStatement(INSERT_DEDUPE)) {
            for (int i : appends) {
                bindDedupe(ps, entries[i], now);
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
                results[i] = sameContent(c, entries[i]) ? DUPLICATE : new AppendResult.Refused(409, REUSED_ID);
            } else {
                // Without an exact count a duplicate could be stored twice; refuse rather than guess.
                throw new SQLException("driver returned update count " + counts[k] + " for a dedupe insert");
            }
        }
        return fresh;
    }

    /** Whether the stored key's content is {@code e}'s (or unknown, for rows from before hashes were kept). */
    private static boolean sameContent(Connection c, MailboxEntry e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(DEDUPE_HASH)) {
            ps.setString(1, e.recipient().digits());
            ps.setString(2, e.sender().digits());
            ps.setString(3, e.messageId().value());
            ps.setInt(4, e.kind().code());
            ps.setInt(5, e.origin().device());
            ps.setLong(6, e.origin().epoch());
            try (ResultSet rs = ps.executeQuery()) {
                long stored = rs.next() ? rs.getLong(1) : 0;
                return stored == 0 || stored == contentHash(e.payload());
            }
        }
    }

    private void insertEntries(Connection c, MailboxEntry[] entries, List<Integer> fresh, Object[] results)
            throws SQLException {
        if (fresh.isEmpty()) {
            return;
        }
        if (dialect.batchReturnsKeys()) {
            try (PreparedStatement ps = c.prepareStatement(INSERT_ENTRY, new String[] {"seq"})) {
                for (int i : fresh) {
                    bindEntry(ps, entries[i]);
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
                    bindEntry(ps, entries[i]);
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
        ps.setInt(7, e.origin().device());
        ps.setLong(8, e.origin().epoch());
        ps.setInt(9, e.receipts() ? 1 : 0);
    }

    private static long nextKey(ResultSet keys) throws SQLException {
        if (!keys.next()) {
            throw new SQLException("no generated seq for an inserted mailbox entry");
        }
        return keys.getLong(1);
    }

    /** Records per delete whether it removed its row (a second delete of one seq in a round finds none). */
    private static void deleteEntries(Connection c, List<StoreWrite> writes, List<Integer> deletes, Object[] results)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(DELETE_ENTRY)) {
            for (int i : deletes) {
                StoreWrite.Delete d = (StoreWrite.Delete) writes.get(i);
                ps.setString(1, d.recipient().digits());
                ps.setLong(2, d.seq());
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            for (int k = 0; k < counts.length; k++) {
                // A driver that cannot say (SUCCESS_NO_INFO) counts as not removed: the bound errs on the full side.
                results[deletes.get(k)] = counts[k] > 0;
            }
        }
    }
}

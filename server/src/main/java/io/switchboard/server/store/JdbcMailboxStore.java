// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import io.switchboard.protocol.id.MessageId;
import io.switchboard.protocol.id.UserId;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@link MailboxStore} on JDBC: appends and deletes go through the {@link GroupCommitter}, reads through the
 * {@link JdbcExecutor}. Reads see committed rows only, so {@link #pending} never returns an entry whose append has
 * not completed.
 */
final class JdbcMailboxStore implements MailboxStore {

    private static final String PENDING = "SELECT seq, sender, message_id, kind, server_time, payload,"
            + " origin_device, origin_epoch, receipts FROM mailbox"
            + " WHERE recipient = ? AND seq > ? ORDER BY seq LIMIT ?";
    private static final String COUNT = "SELECT COUNT(*) FROM mailbox WHERE recipient = ?";
    private static final String COUNT_ALL = "SELECT COUNT(*) FROM mailbox";
    private static final String USAGE = "SELECT COUNT(*), COALESCE(SUM(LENGTH(payload)), 0) FROM mailbox"
            + " WHERE recipient = ? AND kind = " + EntryKind.MESSAGE.code();
    private static final String STORED_BY = "SELECT stored_bytes FROM account_usage WHERE account = ?";

    private final GroupCommitter committer;
    private final JdbcExecutor reads;

    JdbcMailboxStore(GroupCommitter committer, JdbcExecutor reads) {
        this.committer = committer;
        this.reads = reads;
    }

    @Override
    public CompletableFuture<AppendResult> append(MailboxEntry entry, long senderQuotaBytes) {
        return committer.append(entry, senderQuotaBytes);
    }

    @Override
    public CompletableFuture<Boolean> delete(UserId recipient, long seq) {
        return committer.delete(recipient, seq);
    }

    @Override
    public CompletableFuture<List<MailboxEntry>> pending(UserId recipient, long afterSeq, int limit) {
        if (limit < 1) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("limit must be positive: " + limit));
        }
        return reads.call(c -> {
            try (PreparedStatement ps = c.prepareStatement(PENDING)) {
                ps.setString(1, recipient.digits());
                ps.setLong(2, afterSeq);
                ps.setInt(3, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    List<MailboxEntry> entries = new ArrayList<>(Math.min(limit, 1024));
                    while (rs.next()) {
                        entries.add(new MailboxEntry(rs.getLong(1), recipient, new UserId(rs.getString(2)),
                                new MessageId(rs.getString(3)), EntryKind.fromCode(rs.getInt(4)), rs.getLong(5),
                                rs.getBytes(6), new MessageOrigin(rs.getInt(7), rs.getLong(8)),
                                rs.getInt(9) != 0));
                    }
                    return entries;
                }
            }
        });
    }

    @Override
    public CompletableFuture<MailboxUsage> usage(UserId recipient) {
        return reads.call(c -> {
            try (PreparedStatement ps = c.prepareStatement(USAGE)) {
                ps.setString(1, recipient.digits());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new MailboxUsage(rs.getLong(1), rs.getLong(2));
                }
            }
        });
    }

    @Override
    public CompletableFuture<Long> storedBy(UserId sender) {
        return reads.call(c -> {
            try (PreparedStatement ps = c.prepareStatement(STORED_BY)) {
                ps.setString(1, sender.digits());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    @Override
    public CompletableFuture<Long> countPending(UserId recipient) {
        return reads.call(c -> {
            try (PreparedStatement ps = c.prepareStatement(COUNT)) {
                ps.setString(1, recipient.digits());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Override
    public CompletableFuture<Long> countAllPending() {
        return reads.call(c -> {
            try (PreparedStatement ps = c.prepareStatement(COUNT_ALL); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import io.switchboard.protocol.id.UserId;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.CompletableFuture;

/**
 * {@link PresenceStore} on JDBC: reads on the reader threads, writes through the single writer. The upsert uses {@code ON CONFLICT … DO UPDATE}, which SQLite (3.24+) and
 * PostgreSQL both accept, so one statement serves both dialects.
 */
final class JdbcPresenceStore implements PresenceStore {

    private static final String FIND = "SELECT last_seen, last_seen_privacy FROM presence WHERE user_id = ?";
    private static final String UPSERT = "INSERT INTO presence (user_id, last_seen, last_seen_privacy) VALUES (?, ?, ?)"
            + " ON CONFLICT (user_id) DO UPDATE SET last_seen = excluded.last_seen,"
            + " last_seen_privacy = excluded.last_seen_privacy";

    private final JdbcExecutor executor;
    private final GroupCommitter writer;

    JdbcPresenceStore(JdbcExecutor executor, GroupCommitter writer) {
        this.executor = executor;
        this.writer = writer;
    }

    @Override
    public CompletableFuture<PresenceRecord> find(UserId user) {
        return executor.call(c -> {
            try (PreparedStatement ps = c.prepareStatement(FIND)) {
                ps.setString(1, user.digits());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return PresenceRecord.NONE;
                    }
                    return new PresenceRecord(rs.getLong(1), LastSeenPrivacy.ofCode(rs.getInt(2)));
                }
            }
        });
    }

    @Override
    public CompletableFuture<Void> save(UserId user, PresenceRecord presence) {
        return writer.run(c -> {
            try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
                ps.setString(1, user.digits());
                ps.setLong(2, presence.lastSeen());
                ps.setInt(3, presence.privacy().code());
                ps.executeUpdate();
                return null;
            }
        });
    }
}

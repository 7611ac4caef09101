// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import io.switchboard.server.limits.Rate;
import io.switchboard.server.limits.TokenBucket;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link LimitStore} on JDBC: takes go through the single writer (a round's transaction), peeks to the readers.
 * A take first makes sure the row exists, then locks it with a no-op update (PostgreSQL; SQLite's writer holds the
 * database lock anyway), so its read-modify-write cannot interleave with another node's. Every
 * {@value #PURGE_EVERY} takes, rows whose bucket has been full for an hour are purged.
 */
final class JdbcLimitStore implements LimitStore {
    private static final int PURGE_EVERY = 1_000;
    private static final long PURGE_AFTER_FULL_MILLIS = 3_600_000;

    private static final String CREATE = "INSERT INTO limit_bucket (limit_key, tokens, updated_at, full_at)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT (limit_key) DO NOTHING";
    private static final String LOCK = "UPDATE limit_bucket SET tokens = tokens WHERE limit_key = ?"
            + " RETURNING tokens, updated_at";
    private static final String SAVE = "UPDATE limit_bucket SET tokens = ?, updated_at = ?, full_at = ?"
            + " WHERE limit_key = ?";
    private static final String FIND = "SELECT tokens, updated_at FROM limit_bucket WHERE limit_key = ?";
    private static final String PURGE = "DELETE FROM limit_bucket WHERE full_at < ?";

    private final JdbcExecutor executor;
    private final GroupCommitter writer;
    private final AtomicLong takes = new AtomicLong();

    JdbcLimitStore(JdbcExecutor executor, GroupCommitter writer) {
        this.executor = executor;
        this.writer = writer;
    }

    @Override
    public CompletableFuture<TokenBucket.Taken> take(String key, Rate rate, long now) {
        if (takes.incrementAndGet() % PURGE_EVERY == 0) {
            purge(now);
        }
        return writer.run(c -> {
            try (PreparedStatement create = c.prepareStatement(CREATE)) {
                create.setString(1, key);
                create.setDouble(2, rate.burst());
                create.setLong(3, now);
                create.setLong(4, now);
                create.executeUpdate();
            }
            TokenBucket bucket;
            try (PreparedStatement lock = c.prepareStatement(LOCK)) {
                lock.setString(1, key);
                try (ResultSet rs = lock.executeQuery()) {
                    rs.next();
                    bucket = new TokenBucket(rs.getDouble(1), rs.getLong(2));
                }
            }
            TokenBucket.Taken taken = bucket.take(rate, now);
            try (PreparedStatement save = c.prepareStatement(SAVE)) {
                save.setDouble(1, taken.bucket().tokens());
                save.setLong(2, taken.bucket().at());
                save.setLong(3, taken.bucket().fullAt(rate));
                save.setString(4, key);
                save.executeUpdate();
            }
            return taken;
        });
    }

    @Override
    public CompletableFuture<Long> peek(String key, Rate rate, long now) {
        return executor.call(c -> find(c, key).orElse(TokenBucket.full(rate, now)).refilled(rate, now)
                .waitMillis(rate));
    }

    private static Optional<TokenBucket> find(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(FIND)) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new TokenBucket(rs.getDouble(1), rs.getLong(2))) : Optional.empty();
            }
        }
    }

    /** Its own small write: a purge that fails is retried at the next, and fails no take with it. */
    private void purge(long now) {
        writer.run(c -> {
            try (PreparedStatement ps = c.prepareStatement(PURGE)) {
                ps.setLong(1, now - PURGE_AFTER_FULL_MILLIS);
                return ps.executeUpdate();
            }
        });
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import io.switchboard.protocol.id.UserId;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@link RegistrationStore} on JDBC: reads on the reader threads, writes through the single writer. Each operation is one statement, so concurrent wrong guesses are each counted:
 * the increment happens in the database, never as read-modify-write in Java.
 */
final class JdbcRegistrationStore implements RegistrationStore {

    private static final String UPSERT = "INSERT INTO registration_code (user_id, code_hash, expires_at,"
            + " failed_attempts) VALUES (?, ?, ?, 0) ON CONFLICT (user_id) DO UPDATE SET"
            + " code_hash = excluded.code_hash, expires_at = excluded.expires_at, failed_attempts = 0";
    private static final String FIND = "SELECT code_hash, expires_at, failed_attempts FROM registration_code"
            + " WHERE user_id = ?";
    private static final String FAIL = "UPDATE registration_code SET failed_attempts = failed_attempts + 1"
            + " WHERE user_id = ? RETURNING failed_attempts";
    private static final String CLEAR = "DELETE FROM registration_code WHERE user_id = ?";

    private final JdbcExecutor executor;
    private final GroupCommitter writer;

    JdbcRegistrationStore(JdbcExecutor executor, GroupCommitter writer) {
        this.executor = executor;
        this.writer = writer;
    }

    @Override
    public CompletableFuture<Void> saveCode(UserId user, String codeHash, long expiresAt) {
        return writer.run(c -> {
            try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
                ps.setString(1, user.digits());
                ps.setString(2, codeHash);
                ps.setLong(3, expiresAt);
                ps.executeUpdate();
                return null;
            }
        });
    }

    @Override
    public CompletableFuture<Optional<PendingCode>> pendingCode(UserId user) {
        return executor.call(c -> {
            try (PreparedStatement ps = c.prepareStatement(FIND)) {
                ps.setString(1, user.digits());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new PendingCode(user, rs.getString(1), rs.getLong(2), rs.getInt(3)));
                }
            }
        });
    }

    @Override
    public CompletableFuture<Integer> recordFailedAttempt(UserId user) {
        // In the writer's round, a transaction: the driver may read RETURNING's row after the statement ends.
        return writer.run(c -> {
            try (PreparedStatement ps = c.prepareStatement(FAIL)) {
                ps.setString(1, user.digits());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getInt(1) : 0;
                }
            }
        });
    }

    @Override
    public CompletableFuture<Void> clearCode(UserId user) {
        return writer.run(c -> {
            try (PreparedStatement ps = c.prepareStatement(CLEAR)) {
                ps.setString(1, user.digits());
                ps.executeUpdate();
                return null;
            }
        });
    }
}

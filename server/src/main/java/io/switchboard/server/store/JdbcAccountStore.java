// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import io.switchboard.protocol.id.UserId;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@link AccountStore} on JDBC: reads on the reader threads, writes through the single writer. Binding is one write that removes the device's old key and any other binding
 * of the new key before inserting, so a revoked key can never log in again, even for a moment.
 */
final class JdbcAccountStore implements AccountStore {

    private static final String FIND = "SELECT user_id, device_id, created_at, epoch FROM account"
            + " WHERE static_public_key = ?";
    private static final String ANY_DEVICE = "SELECT 1 FROM account WHERE user_id = ? LIMIT 1";
    private static final String EPOCH = "SELECT epoch FROM account WHERE user_id = ? AND device_id = ?";
    private static final String DELETE_DEVICE = "DELETE FROM account WHERE user_id = ? AND device_id = ?";
    private static final String DELETE_KEY = "DELETE FROM account WHERE static_public_key = ?";
    private static final String INSERT = "INSERT INTO account (user_id, device_id, static_public_key, created_at,"
            + " epoch) VALUES (?, ?, ?, ?, ?)";

    private final JdbcExecutor executor;
    private final GroupCommitter writer;
    private final Clock clock;

    JdbcAccountStore(JdbcExecutor executor, GroupCommitter writer, Clock clock) {
        this.executor = executor;
        this.writer = writer;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<Optional<Account>> findByKey(byte[] staticPublicKey) {
        byte[] key = staticPublicKey.clone();
        return executor.call(c -> {
            try (PreparedStatement ps = c.prepareStatement(FIND)) {
                ps.setBytes(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Account(new UserId(rs.getString(1)), rs.getInt(2), key, rs.getLong(3),
                            rs.getLong(4)));
                }
            }
        });
    }

    @Override
    public CompletableFuture<Boolean> isRegistered(UserId user) {
        return executor.call(c -> {
            try (PreparedStatement ps = c.prepareStatement(ANY_DEVICE)) {
                ps.setString(1, user.digits());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /**
     * Binds with a new registration epoch: the bind time in millis, raised past the device's previous epoch if the
     * clock is behind it. Millis rather than a counter, because a counter would start again at 1 after a revoke
     * (the row is gone) while the dedupe table still remembers that epoch's ids.
     */
    @Override
    public CompletableFuture<Account> bind(UserId user, int deviceId, byte[] staticPublicKey) {
        Objects.requireNonNull(user, "user");
        byte[] keyBytes = staticPublicKey.clone();
        long now = clock.millis();
        // One small write of the writer's round, which is one transaction: the deletes and the insert go together.
        return writer.run(c -> {
            try (PreparedStatement previous = c.prepareStatement(EPOCH);
                 PreparedStatement device = c.prepareStatement(DELETE_DEVICE);
                 PreparedStatement key = c.prepareStatement(DELETE_KEY);
                 PreparedStatement insert = c.prepareStatement(INSERT)) {
                previous.setString(1, user.digits());
                previous.setInt(2, deviceId);
                long epoch = Math.max(now, 1);
                try (ResultSet rs = previous.executeQuery()) {
                    if (rs.next()) {
                        epoch = Math.max(epoch, rs.getLong(1) + 1);
                    }
                }
                Account account = new Account(user, deviceId, keyBytes, now, epoch);
                device.setString(1, user.digits());
                device.setInt(2, deviceId);
                device.executeUpdate();
                key.setBytes(1, account.staticPublicKey());
                key.executeUpdate();
                insert.setString(1, user.digits());
                insert.setInt(2, deviceId);
                insert.setBytes(3, account.staticPublicKey());
                insert.setLong(4, account.createdAt());
                insert.setLong(5, epoch);
                insert.executeUpdate();
                return account;
            }
        });
    }

    @Override
    public CompletableFuture<Void> revoke(UserId user, int deviceId) {
        return writer.run(c -> {
            try (PreparedStatement ps = c.prepareStatement(DELETE_DEVICE)) {
                ps.setString(1, user.digits());
                ps.setInt(2, deviceId);
                ps.executeUpdate();
                return null;
            }
        });
    }
}

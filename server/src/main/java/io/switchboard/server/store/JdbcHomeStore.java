// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@link HomeStore} on JDBC: reads on the reader threads, claims and moves through the single writer. A claim is an
 * insert that yields to an existing row ({@code ON CONFLICT DO NOTHING}, in SQLite 3.24+ and PostgreSQL alike)
 * followed by a read in the same transaction, so the loser of a race learns the winner's datacenter.
 */
final class JdbcHomeStore implements HomeStore {

    private static final String FIND = "SELECT datacenter FROM home WHERE kind = ? AND id = ?";
    private static final String CLAIM = "INSERT INTO home (kind, id, datacenter) VALUES (?, ?, ?)"
            + " ON CONFLICT (kind, id) DO NOTHING";
    private static final String MOVE = "INSERT INTO home (kind, id, datacenter) VALUES (?, ?, ?)"
            + " ON CONFLICT (kind, id) DO UPDATE SET datacenter = excluded.datacenter";

    private final JdbcExecutor executor;
    private final GroupCommitter writer;

    JdbcHomeStore(JdbcExecutor executor, GroupCommitter writer) {
        this.executor = executor;
        this.writer = writer;
    }

    @Override
    public CompletableFuture<Optional<String>> find(HomeKind kind, String id) {
        return executor.call(c -> read(c, kind, id));
    }

    @Override
    public CompletableFuture<String> claim(HomeKind kind, String id, String datacenter) {
        return writer.run(c -> {
            write(c, CLAIM, kind, id, datacenter);
            return read(c, kind, id).orElseThrow(() -> new IllegalStateException("the claimed home of " + kind
                    + " " + id + " is not there"));
        });
    }

    @Override
    public CompletableFuture<Void> move(HomeKind kind, String id, String datacenter) {
        return writer.run(c -> {
            write(c, MOVE, kind, id, datacenter);
            return null;
        });
    }

    private static void write(Connection c, String sql, HomeKind kind, String id, String datacenter)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, kind.code());
            ps.setString(2, id);
            ps.setString(3, datacenter);
            ps.executeUpdate();
        }
    }

    private static Optional<String> read(Connection c, HomeKind kind, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(FIND)) {
            ps.setInt(1, kind.code());
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }
}

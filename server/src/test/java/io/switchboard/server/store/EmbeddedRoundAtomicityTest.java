// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.io.TempDir;

/** Round atomicity on SQLite; the full disk is SQLite's own size limit (max_page_count), a real SQLITE_FULL. */
class EmbeddedRoundAtomicityTest extends RoundAtomicityContract {

    @TempDir
    Path dataDir;

    @Override
    protected StoreSettings settings() {
        return StoreSettings.embedded(dataDir);
    }

    // The limit lives on this connection only; the writer discards a connection after a failed round.
    @Override
    protected void failAsDiskFull(Connection c) throws SQLException {
        long pages;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA page_count")) {
            rs.next();
            pages = rs.getLong(1);
        }
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA max_page_count = " + pages);
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO mailbox_dedupe (recipient, sender, message_id,"
                + " kind, origin_device, origin_epoch, content_hash, receipts, seen_at)"
                + " VALUES ('0', '0', ?, 0, 0, 0, 0, 0, 0)")) {
            ps.setString(1, "x".repeat(1 << 20));
            ps.executeUpdate();
        }
    }

    // SQLite's own SQLITE_FULL text, which the dialect reads as "cannot write".
    @Override
    protected void keepDiskFull(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TRIGGER disk_full AFTER INSERT ON mailbox_dedupe"
                    + " BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END");
        }
    }

    @Override
    protected void freeDisk(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER disk_full");
        }
    }
}

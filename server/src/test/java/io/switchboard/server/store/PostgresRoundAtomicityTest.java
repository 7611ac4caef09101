// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Round atomicity on the real PostgreSQL; the full disk is the server raising disk_full (SQLSTATE 53100). */
class PostgresRoundAtomicityTest extends RoundAtomicityContract {

    @RegisterExtension
    static final PostgresSchemaPerClass postgres = new PostgresSchemaPerClass();

    @Override
    protected StoreSettings settings() {
        return postgres.schema().settings();
    }

    @Override
    protected void failAsDiskFull(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DO $$ BEGIN RAISE EXCEPTION 'could not extend file: No space left on device'"
                    + " USING ERRCODE = 'disk_full'; END $$");
        }
    }

    @Override
    protected void keepDiskFull(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE FUNCTION disk_full() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = 'disk_full';"
                    + " END $$");
            s.execute("CREATE TRIGGER disk_full AFTER INSERT ON mailbox_dedupe FOR EACH ROW"
                    + " EXECUTE FUNCTION disk_full()");
        }
    }

    @Override
    protected void freeDisk(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER disk_full ON mailbox_dedupe");
            s.execute("DROP FUNCTION disk_full()");
        }
    }
}

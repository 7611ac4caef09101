// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on the embedded database (SQLite) in a fresh directory per test. */
class EmbeddedStoreTest extends StoreContract {

    @TempDir
    Path dataDir;

    @Override
    protected StoreSettings settings() {
        return StoreSettings.embedded(dataDir);
    }

    @Override
    protected AutoCloseable holdWriteLock() throws Exception {
        Connection c = DriverManager.getConnection(settings().jdbcUrl());
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
        }
        return () -> {
            try (c; Statement s = c.createStatement()) {
                s.execute("COMMIT");
            }
        };
    }
}

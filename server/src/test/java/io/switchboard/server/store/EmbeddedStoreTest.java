// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import java.nio.file.Path;
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
        return StoreFixtures.holdSqliteWriteLock(settings().jdbcUrl());
    }
}

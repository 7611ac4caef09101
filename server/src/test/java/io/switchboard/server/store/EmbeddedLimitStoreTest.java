// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The limit store contract on the embedded database (SQLite) in a fresh directory per test. */
class EmbeddedLimitStoreTest extends LimitStoreContract {

    @TempDir
    Path dataDir;

    @Override
    protected StoreSettings settings() {
        return StoreSettings.embedded(dataDir);
    }
}

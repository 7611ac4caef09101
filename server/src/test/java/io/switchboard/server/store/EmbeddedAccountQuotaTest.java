// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The quota contract on the embedded database (SQLite) in a fresh directory per test. */
class EmbeddedAccountQuotaTest extends AccountQuotaContract {

    @TempDir
    Path dataDir;

    @Override
    protected StoreSettings settings() {
        return StoreSettings.embedded(dataDir);
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The limit store contract on the real PostgreSQL at 127.0.0.1:5432, in a schema of its own. */
class PostgresLimitStoreTest extends LimitStoreContract {

    @RegisterExtension
    static final PostgresSchemaPerClass postgres = new PostgresSchemaPerClass();

    @Override
    protected StoreSettings settings() {
        return postgres.schema().settings();
    }
}

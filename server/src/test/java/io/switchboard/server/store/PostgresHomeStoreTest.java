// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The home store contract on the real PostgreSQL at 127.0.0.1:5432, in a schema of its own. */
class PostgresHomeStoreTest extends HomeStoreContract {

    private static StoreFixtures.PostgresSchema schema;

    @BeforeAll
    static void createSchema() {
        schema = StoreFixtures.PostgresSchema.create();
    }

    @AfterAll
    static void dropSchema() throws Exception {
        if (schema != null) {
            schema.close();
        }
    }

    @Override
    protected StoreSettings settings() {
        return schema.settings();
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store contract on the real PostgreSQL at 127.0.0.1:5432, in a schema of its own that is dropped afterwards.
 * Fails, never skips, when PostgreSQL is unreachable: CI starts it.
 */
class PostgresStoreTest extends StoreContract {

    @RegisterExtension
    static final PostgresSchemaPerClass postgres = new PostgresSchemaPerClass();

    @Override
    protected StoreSettings settings() {
        return postgres.schema().settings();
    }

    @Override
    protected AutoCloseable holdWriteLock() throws Exception {
        return postgres.schema().holdWriteLock();
    }
}

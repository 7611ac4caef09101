// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The quota contract on the real PostgreSQL at 127.0.0.1:5432, in a schema of its own: where two stores are two
 * nodes' writers and the row lock is what keeps them within one quota. Fails, never skips, when PostgreSQL is
 * unreachable: CI starts it.
 */
class PostgresAccountQuotaTest extends AccountQuotaContract {

    @RegisterExtension
    static final PostgresSchemaPerClass postgres = new PostgresSchemaPerClass();

    @Override
    protected StoreSettings settings() {
        return postgres.schema().settings();
    }
}

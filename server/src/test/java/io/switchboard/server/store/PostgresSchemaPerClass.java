// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A PostgreSQL schema of its own for one test class, created before its first test and dropped after its last:
 * {@code @RegisterExtension static final PostgresSchemaPerClass postgres = new PostgresSchemaPerClass();}. Fails,
 * never skips, when PostgreSQL is unreachable: CI starts it.
 */
final class PostgresSchemaPerClass implements BeforeAllCallback, AfterAllCallback {
    private StoreFixtures.PostgresSchema schema;

    @Override
    public void beforeAll(ExtensionContext context) {
        schema = StoreFixtures.PostgresSchema.create();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (schema != null) {
            schema.close();
        }
    }

    StoreFixtures.PostgresSchema schema() {
        return schema;
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import static org.assertj.core.api.Assertions.fail;

import io.switchboard.protocol.id.MessageId;
import io.switchboard.protocol.id.UserId;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Shared test fixtures: fresh users and entries, awaiting futures with a deadline, and the real PostgreSQL on
 * 127.0.0.1:5432 (database {@code test}) with a throw-away schema per test class.
 */
final class StoreFixtures {

    static final String POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String[] POSTGRES_USERS = {"postgres", "root"};

    private StoreFixtures() {
    }

    /** A user no other test uses. */
    static UserId freshUser() {
        return new UserId("1" + (1_000_000_000L + ThreadLocalRandom.current().nextLong(9_000_000_000L)));
    }

    static MailboxEntry message(UserId recipient, UserId sender, String id) {
        return MailboxEntry.toAppend(recipient, sender, new MessageId(id), EntryKind.MESSAGE,
                System.currentTimeMillis(), ("body of " + id).getBytes(StandardCharsets.UTF_8));
    }

    /** The future's value, failing the test if it takes more than 20 s or failed. */
    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("store future did not complete normally", e);
        }
    }

    /** Takes the embedded database's write lock from another connection until closed: the group committer stalls. */
    static AutoCloseable holdSqliteWriteLock(String jdbcUrl) throws SQLException {
        Connection c = DriverManager.getConnection(jdbcUrl);
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
        }
        return () -> {
            try (c; Statement s = c.createStatement()) {
                s.execute("COMMIT");
            }
        };
    }

    /** A schema of its own in the test database; {@link #close()} drops it. */
    record PostgresSchema(String name, String user) implements AutoCloseable {

        /** Creates the schema, failing (not skipping) with how to fix it if PostgreSQL is unreachable. */
        static PostgresSchema create() {
            String name = "sb_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
            SQLException last = null;
            for (String user : POSTGRES_USERS) {
                try (Connection c = DriverManager.getConnection(POSTGRES_URL, user, "");
                     Statement s = c.createStatement()) {
                    s.execute("CREATE SCHEMA " + name);
                    return new PostgresSchema(name, user);
                } catch (SQLException e) {
                    last = e;
                }
            }
            return fail("PostgreSQL is required for the store tests and is unreachable at " + POSTGRES_URL
                    + " as user postgres or root (trust auth): " + last.getMessage()
                    + ". CI starts it (.ci/run); locally: pg_ctlcluster <version> main start", last);
        }

        String jdbcUrl() {
            return POSTGRES_URL + "?currentSchema=" + name;
        }

        StoreSettings settings() {
            return StoreSettings.postgres(jdbcUrl(), user, "");
        }

        Connection connect() throws SQLException {
            return DriverManager.getConnection(jdbcUrl(), user, "");
        }

        /** Blocks the group committer's mailbox appends (not reads) from another connection until closed. */
        AutoCloseable holdWriteLock() throws SQLException {
            Connection c = connect();
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                // EXCLUSIVE blocks the writer's inserts (ROW EXCLUSIVE) but not reads.
                s.execute("LOCK TABLE mailbox_dedupe IN EXCLUSIVE MODE");
            }
            return () -> {
                try (c) {
                    c.commit();
                }
            };
        }

        @Override
        public void close() throws SQLException {
            try (Connection c = DriverManager.getConnection(POSTGRES_URL, user, "");
                 Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
            }
        }
    }
}

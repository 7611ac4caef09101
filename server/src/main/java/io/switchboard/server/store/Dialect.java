// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import com.zaxxer.hikari.HikariConfig;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The little that differs between the embedded database (SQLite) and PostgreSQL: two column types in the one
 * migration set, the connection settings that force each commit to disk, and whether the driver returns generated
 * keys for a batch. All other SQL ({@code ON CONFLICT DO NOTHING}, {@code RETURNING}, {@code LIMIT}) is shared.
 */
enum Dialect {

    /**
     * SQLite in WAL mode with {@code synchronous=FULL}: each commit fsyncs the write-ahead log before it returns.
     * {@code AUTOINCREMENT} keeps seqs from being reused after the newest row is deleted, so a late ack can never
     * delete a newer entry. {@code IMMEDIATE} transactions take the write lock up front: no lock upgrade deadlocks
     * between the group-commit writer and account writes, which wait up to the busy timeout instead.
     */
    SQLITE("INTEGER PRIMARY KEY AUTOINCREMENT", "BLOB", false) {
        @Override
        void configure(HikariConfig config) {
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("synchronous", "FULL");
            config.addDataSourceProperty("busy_timeout", "10000");
            config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
        }

        @Override
        void checkDurability(Connection c) throws SQLException {
            String journal = queryString(c, "PRAGMA journal_mode");
            String synchronous = queryString(c, "PRAGMA synchronous");
            // 2 = FULL, 3 = EXTRA; anything less does not sync the WAL on commit.
            if (!"wal".equalsIgnoreCase(journal) || Integer.parseInt(synchronous) < 2) {
                throw new IllegalStateException("SQLite is not in durable mode: journal_mode=" + journal
                        + ", synchronous=" + synchronous + " (need wal and FULL)");
            }
        }

        // SQLITE_FULL is 13; the driver reports the primary result code. A batch wraps it in its cause.
        @Override
        StoreUnwritableException unwritable(Throwable failure) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                int code = t instanceof SQLException e ? e.getErrorCode() & 0xff : -1;
                String message = String.valueOf(t.getMessage());
                if (code == SQLITE_FULL || message.contains("database or disk is full")) {
                    return new StoreUnwritableException(true, failure);
                }
                if (code == SQLITE_IOERR || message.contains("disk I/O error")) {
                    return new StoreUnwritableException(false, failure);
                }
            }
            return null;
        }

        // SQLite keeps a transaction open after a failed COMMIT it can retry (SQLITE_FULL, SQLITE_BUSY), so a
        // rollback that succeeds proves nothing was committed; one that fails (no transaction is active) leaves
        // open whether the commit took effect, or the driver's BEGIN after it failed. Except SQLITE_FULL: only the
        // COMMIT itself can report it (a deferred BEGIN writes nothing), and a WAL commit that could not append its
        // frames, the commit mark last, did not take effect; SQLite rolled it back itself. On a real full disk that
        // is where the failure comes (the WAL grows at commit), so without this every write there was answered 504
        // "outcome unknown" and /health stayed ready.
        @Override
        boolean notCommitted(SQLException commitFailure, boolean rolledBack) {
            return rolledBack || isFull(commitFailure);
        }

        private boolean isFull(Throwable failure) {
            StoreUnwritableException unwritable = unwritable(failure);
            return unwritable != null && unwritable.full();
        }
    },

    /**
     * PostgreSQL with {@code synchronous_commit=on} set on every connection: a commit returns after its WAL record
     * is flushed. An identity column keeps seqs increasing in allocation order across the cluster.
     *
     * <p>A cluster node that freezes (SIGSTOP, a long GC pause, a hung VM) mid-round leaves its transaction open,
     * and its uncommitted rows hold their keys: the retry of the same message through another node would wait on
     * that dedupe key for as long as the node stays frozen. So PostgreSQL ends a transaction idle for 5 s (its writes
     * were never acknowledged, so nothing promised is lost), and no statement waits more than 10 s for a lock.
     */
    POSTGRES("BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY", "BYTEA", true) {
        @Override
        void configure(HikariConfig config) {
            config.setConnectionInitSql("SET synchronous_commit TO on; SET idle_in_transaction_session_timeout TO"
                    + " '5s'; SET lock_timeout TO '10s'");
        }

        @Override
        String skipLocked() {
            return " FOR UPDATE SKIP LOCKED";
        }

        @Override
        void checkDurability(Connection c) throws SQLException {
            String synchronousCommit = queryString(c, "SHOW synchronous_commit");
            if (!"on".equalsIgnoreCase(synchronousCommit)) {
                throw new IllegalStateException("PostgreSQL synchronous_commit is " + synchronousCommit);
            }
            // The server's fsync is not ours to change; say loudly that acks are not durable.
            if (!"on".equalsIgnoreCase(queryString(c, "SHOW fsync"))) {
                log.error("PostgreSQL runs with fsync = off: acknowledged messages can be lost in a power cut");
            }
        }

        // Class 53 is "insufficient resources" (53100 disk_full); 58030 is io_error.
        @Override
        StoreUnwritableException unwritable(Throwable failure) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                String state = t instanceof SQLException e ? String.valueOf(e.getSQLState()) : "";
                if (state.equals("53100")) {
                    return new StoreUnwritableException(true, failure);
                }
                if (state.startsWith("53") || state.equals("58030")) {
                    return new StoreUnwritableException(false, failure);
                }
            }
            return null;
        }

        // A server that answered COMMIT with an error ended the transaction without committing it; a broken
        // connection (class 08, or no state at all) may have lost the answer to a commit that succeeded.
        @Override
        boolean notCommitted(SQLException commitFailure, boolean rolledBack) {
            String state = commitFailure.getSQLState();
            return state != null && !state.startsWith("08");
        }

        @Override
        void checkTransactionOpen(Connection c) throws SQLException {
            TransactionState state = c.unwrap(BaseConnection.class).getTransactionState();
            if (state != TransactionState.OPEN) {
                throw new SQLException("the round's transaction is " + state + " after a rolled-back write");
            }
        }
    };

    private static final int SQLITE_IOERR = 10;
    private static final int SQLITE_FULL = 13;

    private static final Logger log = LoggerFactory.getLogger(Dialect.class);

    private final String seqKeyType;
    private final String bytesType;
    private final boolean batchReturnsKeys;

    Dialect(String seqKeyType, String bytesType, boolean batchReturnsKeys) {
        this.seqKeyType = seqKeyType;
        this.bytesType = bytesType;
        this.batchReturnsKeys = batchReturnsKeys;
    }

    static Dialect of(StoreSettings.Kind kind) {
        return switch (kind) {
            case EMBEDDED -> SQLITE;
            case POSTGRES -> POSTGRES;
        };
    }

    /** Adds the settings that make every commit durable. */
    abstract void configure(HikariConfig config);

    /** Fails if a connection would not force commits to disk. */
    abstract void checkDurability(Connection c) throws SQLException;

    /**
     * The exception to fail a round with when {@code failure} says the database cannot write (disk full, I/O
     * error), or null when it says something else.
     */
    abstract StoreUnwritableException unwritable(Throwable failure);

    /** After {@code commitFailure}: whether the round is certainly not committed ({@code rolledBack}: a rollback ran). */
    abstract boolean notCommitted(SQLException commitFailure, boolean rolledBack);

    /**
     * Fails unless {@code c}'s transaction is still open and usable, after a write was rolled back to its savepoint.
     * On SQLite, that rollback succeeding proves it already: SQLite drops every savepoint when it rolls a whole
     * transaction back, so {@code ROLLBACK TO} a lost savepoint fails.
     */
    void checkTransactionOpen(Connection c) throws SQLException {
    }

    /**
     * The clause that makes a sub-select lock the row it picks and pass over rows other transactions hold, so
     * concurrent {@code DELETE … WHERE key = (SELECT … LIMIT 1)} each take a different row instead of all but one
     * finding theirs gone. Empty for SQLite, whose writers never run concurrently.
     */
    String skipLocked() {
        return "";
    }

    /** Flyway placeholders used by the migrations in {@code db/migration}. */
    Map<String, String> placeholders() {
        return Map.of("seq_key", seqKeyType, "bytes", bytesType);
    }

    /** Whether the driver returns one generated key per row of an executed batch (SQLite's returns only the last). */
    boolean batchReturnsKeys() {
        return batchReturnsKeys;
    }

    private static String queryString(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1).trim().toLowerCase(Locale.ROOT);
        }
    }
}

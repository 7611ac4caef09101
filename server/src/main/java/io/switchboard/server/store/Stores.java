// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open store: owns the connection pool, brings the schema up to date with Flyway, checks that commits are
 * forced to disk, and runs the group committer and the reader threads. Everything it exposes is thread-safe.
 * {@link #close()} commits every accepted write before it returns; operations after it fail with
 * {@link StoreClosedException}.
 */
public final class Stores implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Stores.class);

    // Reads queued per reader thread before callers get StoreOverloadedException.
    private static final int QUEUED_READS_PER_THREAD = 1_024;

    private final HikariDataSource dataSource;
    private final GroupCommitter committer;
    private final JdbcExecutor executor;
    private final MailboxStore mailbox;
    private final GroupStore groups;
    private final AccountStore accounts;
    private final RegistrationStore registrations;
    private final PresenceStore presence;
    private final KeyStore keys;
    private final HomeStore homes;
    private final LimitStore limits;

    private Stores(HikariDataSource dataSource, GroupCommitter committer, JdbcExecutor executor, Dialect dialect,
                   Clock clock) {
        this.dataSource = dataSource;
        this.committer = committer;
        this.executor = executor;
        this.mailbox = new JdbcMailboxStore(committer, executor);
        this.groups = new JdbcGroupStore(committer, executor);
        this.accounts = new JdbcAccountStore(executor, committer, clock);
        this.registrations = new JdbcRegistrationStore(executor, committer);
        this.presence = new JdbcPresenceStore(executor, committer);
        this.keys = new JdbcKeyStore(executor, committer, dialect, clock);
        this.homes = new JdbcHomeStore(executor, committer);
        this.limits = new JdbcLimitStore(executor, committer);
    }

    /**
     * Opens the store: creates the embedded database's directory if needed, migrates the schema and starts writing.
     *
     * @throws IllegalStateException if the database is unreachable, cannot be migrated, or would not force
     *                               commits to disk
     */
    public static Stores open(StoreSettings settings) {
        return open(settings, Clock.systemUTC());
    }

    /** As {@link #open(StoreSettings)}, with the clock for dedupe and purge times and account creation times. */
    public static Stores open(StoreSettings settings, Clock clock) {
        Dialect dialect = Dialect.of(settings.kind());
        if (settings.kind() == StoreSettings.Kind.EMBEDDED) {
            createParentDirectory(settings.jdbcUrl());
        }
        HikariDataSource dataSource = new HikariDataSource(poolConfig(settings, dialect));
        try {
            try (Connection c = dataSource.getConnection()) {
                dialect.checkDurability(c);
            }
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .placeholders(dialect.placeholders())
                    .load()
                    .migrate();
            GroupCommitter committer = new GroupCommitter(dataSource, dialect, settings, clock);
            int readers = settings.poolSize() - 1;
            JdbcExecutor executor = new JdbcExecutor(dataSource, readers, readers * QUEUED_READS_PER_THREAD);
            log.info("store open: {}", settings);
            return new Stores(dataSource, committer, executor, dialect, clock);
        } catch (SQLException | RuntimeException e) {
            dataSource.close();
            throw new IllegalStateException("cannot open the store at " + settings.jdbcUrl() + ": " + e.getMessage(),
                    e);
        }
    }

    public MailboxStore mailbox() {
        return mailbox;
    }

    public GroupStore groups() {
        return groups;
    }

    public AccountStore accounts() {
        return accounts;
    }

    public RegistrationStore registrations() {
        return registrations;
    }

    public LimitStore limits() {
        return limits;
    }

    public PresenceStore presence() {
        return presence;
    }

    public KeyStore keys() {
        return keys;
    }

    public HomeStore homes() {
        return homes;
    }

    /** Reports each mailbox commit's duration in nanoseconds (on the writer thread: keep it cheap). */
    public void onMailboxCommit(java.util.function.LongConsumer nanos) {
        committer.onCommit(nanos);
    }

    /**
     * Why the store cannot write now (disk full, I/O error), or empty when its last write round committed. The
     * writer probes by itself while it cannot write, so this clears when space returns.
     */
    public java.util.Optional<String> unwritable() {
        StoreUnwritableException e = committer.unwritable();
        return e == null ? java.util.Optional.empty() : java.util.Optional.of(e.getMessage());
    }

    /** The single writer, for tests in this package that need to place writes in one round. */
    GroupCommitter committer() {
        return committer;
    }

    /** Transactions the group committer has committed; for metrics and benchmarks. */
    public long mailboxCommits() {
        return committer.commits();
    }

    /** Mailbox writes the group committer has committed; divided by {@link #mailboxCommits()}, the batch size. */
    public long mailboxWritesCommitted() {
        return committer.committedWrites();
    }

    /**
     * Forgets dedupe keys and group log entries older than the dedupe retention now rather than at the next scheduled
     * purge; completes with how many rows went.
     */
    public CompletableFuture<Integer> purgeExpired() {
        return committer.purgeExpired();
    }

    @Override
    public void close() {
        committer.close();
        executor.close();
        dataSource.close();
        log.info("store closed");
    }

    private static HikariConfig poolConfig(StoreSettings settings, Dialect dialect) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("switchboard-store");
        config.setJdbcUrl(settings.jdbcUrl());
        if (!settings.user().isEmpty()) {
            config.setUsername(settings.user());
        }
        if (!settings.password().isEmpty()) {
            config.setPassword(settings.password());
        }
        // Exactly one connection per thread that can hold one: the writer and each reader.
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(settings.poolSize());
        dialect.configure(config);
        return config;
    }

    private static void createParentDirectory(String jdbcUrl) {
        Path file = Path.of(jdbcUrl.substring(jdbcUrl.indexOf(':', "jdbc:".length()) + 1));
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dir, e);
        }
    }
}

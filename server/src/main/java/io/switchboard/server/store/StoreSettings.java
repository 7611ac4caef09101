// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * The store's settings, read once from {@code switchboard.store} (see reference.conf for each key's meaning).
 *
 * @param kind            the embedded database (SQLite, one node) or PostgreSQL (one node or a cluster)
 * @param jdbcUrl         where the database is; for {@code EMBEDDED} the SQLite file under the data directory
 * @param user            database user, empty for none
 * @param password        database password, empty for none
 * @param poolSize        connections in all: one for the group-commit writer, the rest for reads and accounts
 * @param maxBatchSize    most mailbox writes in one transaction
 * @param maxBatchDelay   longest a busy writer lingers for more writes before committing; zero for none
 * @param dedupeRetention how long a (recipient, sender, id, kind) is remembered for duplicate suppression, and how
 *                        long a group log entry is kept
 */
public record StoreSettings(Kind kind, String jdbcUrl, String user, String password, int poolSize, int maxBatchSize,
        Duration maxBatchDelay, Duration dedupeRetention) {

    /** Which database. */
    public enum Kind {
        EMBEDDED,
        POSTGRES
    }

    /** The embedded database's file inside the data directory. */
    public static final String EMBEDDED_FILE_NAME = "switchboard.db";

    static final int DEFAULT_POOL_SIZE = 4;
    static final int DEFAULT_MAX_BATCH_SIZE = 512;
    static final Duration DEFAULT_MAX_BATCH_DELAY = Duration.ZERO;
    static final Duration DEFAULT_DEDUPE_RETENTION = Duration.ofDays(14);

    // The write queue holds this many full batches: enough to absorb a burst while one commit is in flight,
    // small enough that a stuck disk turns into fast StoreOverloadedExceptions instead of unbounded memory.
    private static final int QUEUED_BATCHES = 32;

    private static final String ROOT = "switchboard.store.";

    public StoreSettings {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(maxBatchDelay, "maxBatchDelay");
        Objects.requireNonNull(dedupeRetention, "dedupeRetention");
        require(!jdbcUrl.isBlank(), "jdbc-url", "must not be empty");
        require(poolSize >= 2, "pool-size", "must be at least 2 (one writer, one reader), got " + poolSize);
        require(maxBatchSize >= 1, "max-batch-size", "must be at least 1, got " + maxBatchSize);
        require(!maxBatchDelay.isNegative(), "max-batch-delay", "must not be negative, got " + maxBatchDelay);
        require(!dedupeRetention.isNegative() && !dedupeRetention.isZero(), "dedupe-retention",
                "must be positive, got " + dedupeRetention);
    }

    /**
     * Reads {@code switchboard.store.*}.
     *
     * @throws ConfigException naming the full key of a missing or bad value
     */
    public static StoreSettings create(Config config) {
        // Full paths, not getConfig("switchboard.store"): Typesafe Config names the key as it was asked for.
        Kind kind = parseKind(config.getString(ROOT + "kind"));
        String jdbcUrl = config.getString(ROOT + "jdbc-url");
        if (kind == Kind.EMBEDDED && jdbcUrl.isBlank()) {
            // The node's one data directory: --data moves the database with the keys and codes.log.
            jdbcUrl = embeddedUrl(Path.of(config.getString("switchboard.data-dir")));
        } else if (kind == Kind.POSTGRES && !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new ConfigException.BadValue(ROOT + "jdbc-url",
                    "kind = postgres needs a jdbc:postgresql:// URL, got '" + jdbcUrl + "'");
        }
        try {
            return new StoreSettings(kind, jdbcUrl, config.getString(ROOT + "user"),
                    config.getString(ROOT + "password"), config.getInt(ROOT + "pool-size"),
                    config.getInt(ROOT + "max-batch-size"), config.getDuration(ROOT + "max-batch-delay"),
                    config.getDuration(ROOT + "dedupe-retention"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException.BadValue(ROOT + e.getMessage().split(":", 2)[0], e.getMessage(), e);
        }
    }

    /** The embedded database in {@code dataDir}, with the default pool and batching. */
    public static StoreSettings embedded(Path dataDir) {
        return new StoreSettings(Kind.EMBEDDED, embeddedUrl(dataDir), "", "", DEFAULT_POOL_SIZE,
                DEFAULT_MAX_BATCH_SIZE, DEFAULT_MAX_BATCH_DELAY, DEFAULT_DEDUPE_RETENTION);
    }

    /** PostgreSQL at {@code jdbcUrl}, with the default pool and batching. */
    public static StoreSettings postgres(String jdbcUrl, String user, String password) {
        return new StoreSettings(Kind.POSTGRES, jdbcUrl, user, password, DEFAULT_POOL_SIZE, DEFAULT_MAX_BATCH_SIZE,
                DEFAULT_MAX_BATCH_DELAY, DEFAULT_DEDUPE_RETENTION);
    }

    /** These settings with other batching, for tuning and benchmarks. */
    public StoreSettings withBatching(int batchSize, Duration batchDelay) {
        return new StoreSettings(kind, jdbcUrl, user, password, poolSize, batchSize, batchDelay, dedupeRetention);
    }

    /** These settings with another dedupe retention. */
    public StoreSettings withDedupeRetention(Duration retention) {
        return new StoreSettings(kind, jdbcUrl, user, password, poolSize, maxBatchSize, maxBatchDelay, retention);
    }

    /** How many mailbox writes may wait for the writer before appends fail fast. */
    public int queueCapacity() {
        return maxBatchSize * QUEUED_BATCHES;
    }

    /** The password stays out of logs. */
    @Override
    public String toString() {
        return "StoreSettings[kind=" + kind + ", jdbcUrl=" + jdbcUrl + ", user=" + user + ", poolSize=" + poolSize
                + ", maxBatchSize=" + maxBatchSize + ", maxBatchDelay=" + maxBatchDelay + ", dedupeRetention="
                + dedupeRetention + "]";
    }

    private static String embeddedUrl(Path dataDir) {
        return "jdbc:sqlite:" + dataDir.toAbsolutePath().normalize().resolve(EMBEDDED_FILE_NAME);
    }

    private static Kind parseKind(String value) {
        try {
            return Kind.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException.BadValue(ROOT + "kind", "expected embedded or postgres, got '" + value + "'");
        }
    }

    // The message starts with the config key so create() can report the full key name.
    private static void require(boolean ok, String key, String problem) {
        if (!ok) {
            throw new IllegalArgumentException(key + ": " + problem);
        }
    }
}

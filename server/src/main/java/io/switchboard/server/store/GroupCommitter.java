// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import com.zaxxer.hikari.HikariDataSource;
import io.switchboard.protocol.id.UserId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of the store: mailboxes, groups, and the small account, registration and presence writes. Callers on any thread enqueue writes into one bounded queue; one
 * dedicated thread takes them in rounds, runs each round (see {@link RoundWriter}) in one transaction, commits (the
 * {@link Dialect}'s settings force the commit to disk) and only then completes the round's futures, on a separate
 * completion thread so callers' continuations never stall the writer.
 *
 * <p>Batching is natural: an idle writer blocks until the first write arrives and commits it at once; writes that
 * arrive while a commit is in flight form the next round (up to {@code maxBatchSize}). Only when the previous round
 * held more than one write (callers are concurrent) does the writer linger up to {@code maxBatchDelay} to fill the
 * round, so a lone caller never waits for a timer. Seqs increase in queue order.
 *
 * <p>A full queue fails an enqueue at once with {@link StoreOverloadedException}. A round is all or nothing: a failed
 * one is rolled back whole, its connection discarded, and every future in it failed, with
 * {@link StoreUnwritableException} when the database cannot write (disk full), with
 * {@link StoreOutcomeUnknownException} when the commit itself failed and may have taken effect, else with the
 * cause; the writer carries on with the next. While the database cannot write, the idle writer probes it every
 * second, so writability comes back by itself when space does. Every {@code purgeInterval} the same thread
 * purges what is older than the dedupe retention: mailbox dedupe keys and group log entries. A group entry an
 * offline member did not fetch within the retention is gone for it (as WhatsApp keeps a group message 30 days), and
 * a removed member whose last entry went has its row deleted.
 */
final class GroupCommitter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);
    private static final long IDLE_POLL_MILLIS = 1_000;
    // Every NOT NULL column of mailbox_dedupe (V6): a probe that misses one fails on the constraint, not on space,
    // and the store would never turn writable again by itself.
    private static final String PROBE_INSERT = "INSERT INTO mailbox_dedupe (recipient, sender, message_id, kind,"
            + " origin_device, origin_epoch, content_hash, receipts, seen_at)"
            + " VALUES ('0', '0', 'store-probe', 0, 0, 0, 0, 0, ?) ON CONFLICT DO NOTHING";
    private static final String PROBE_DELETE = "DELETE FROM mailbox_dedupe WHERE recipient = '0' AND sender = '0'"
            + " AND message_id = 'store-probe'";

    private final DataSource dataSource;
    private final Dialect dialect;
    private final RoundWriter roundWriter;
    private final Clock clock;
    private final int maxBatchSize;
    private final long maxBatchDelayNanos;
    private final long dedupeRetentionMillis;
    private final long purgeIntervalMillis;
    private final int queueCapacity;
    private final BlockingQueue<StoreWrite> queue;
    private final ReadWriteLock closeLock = new ReentrantReadWriteLock();
    private final ExecutorService completions;
    private final Thread writer;
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong committedWrites = new AtomicLong();
    /** Told each commit's duration (batch execution plus the forced commit), for metrics; never blocks. */
    private volatile java.util.function.LongConsumer commitNanos = nanos -> { };
    /** Set when a round failed because the database cannot write, cleared by the next commit. */
    private volatile StoreUnwritableException unwritable;
    private boolean closed; // guarded by closeLock
    private long nextPurgeAt; // writer thread only

    GroupCommitter(DataSource dataSource, Dialect dialect, StoreSettings settings, Clock clock) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.roundWriter = new RoundWriter(dialect);
        this.clock = clock;
        this.maxBatchSize = settings.maxBatchSize();
        this.maxBatchDelayNanos = settings.maxBatchDelay().toNanos();
        this.dedupeRetentionMillis = settings.dedupeRetention().toMillis();
        this.purgeIntervalMillis = purgeInterval(settings.dedupeRetention()).toMillis();
        this.queueCapacity = settings.queueCapacity();
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.completions = Executors.newSingleThreadExecutor(daemon("switchboard-store-completions"));
        this.nextPurgeAt = clock.millis() + purgeIntervalMillis;
        this.writer = daemon("switchboard-store-writer").newThread(this::writeLoop);
        writer.start();
    }

    CompletableFuture<AppendResult> append(MailboxEntry entry) {
        return append(entry, Long.MAX_VALUE);
    }

    CompletableFuture<AppendResult> append(MailboxEntry entry, long senderQuotaBytes) {
        var done = new CompletableFuture<AppendResult>();
        enqueue(new StoreWrite.Append(entry, senderQuotaBytes, done));
        return done;
    }

    CompletableFuture<Boolean> delete(UserId recipient, long seq) {
        var done = new CompletableFuture<Boolean>();
        enqueue(new StoreWrite.Delete(recipient, seq, done));
        return done;
    }

    /** Runs {@code work} in the next round; completes with what it returned, once the round is committed. */
    <T> CompletableFuture<T> run(JdbcExecutor.Work<T> work) {
        var done = new CompletableFuture<T>();
        enqueue(new StoreWrite.Small<>(work, done));
        return done;
    }

    /**
     * Purges dedupe keys and group log entries older than the retention now, instead of at the next scheduled purge;
     * completes with how many rows went.
     */
    CompletableFuture<Integer> purgeExpired() {
        var done = new CompletableFuture<Integer>();
        enqueue(new StoreWrite.PurgeExpired(clock.millis() - dedupeRetentionMillis, done));
        return done;
    }

    /** Transactions committed so far. */
    void onCommit(java.util.function.LongConsumer listener) {
        commitNanos = listener;
    }

    long commits() {
        return commits.get();
    }

    /** Writes committed so far; with {@link #commits()}, the average batch size. */
    long committedWrites() {
        return committedWrites.get();
    }

    /** Queues {@code write}, or fails it at once when the store is closed or the queue is full. */
    void enqueue(StoreWrite write) {
        // The read lock orders enqueues before close(): once closed is set, nothing new enters the queue, so the
        // writer's final drain sees every accepted write.
        closeLock.readLock().lock();
        try {
            if (closed) {
                write.fail(new StoreClosedException());
            } else if (!queue.offer(write)) {
                write.fail(new StoreOverloadedException(queueCapacity));
            }
        } finally {
            closeLock.readLock().unlock();
        }
    }

    private void writeLoop() {
        List<StoreWrite> round = new ArrayList<>(maxBatchSize);
        boolean concurrent = false;
        boolean stopping = false;
        while (!stopping) {
            StoreWrite first;
            try {
                first = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                log.error("store writer interrupted; accepted writes may stay pending until restart");
                return;
            }
            if (first == null && !stopping && unwritable != null) {
                round.add(probe());
                commit(round);
                round.clear();
            } else if (first != null) {
                round.add(first);
                queue.drainTo(round, maxBatchSize - 1);
                if (concurrent && round.size() < maxBatchSize && maxBatchDelayNanos > 0) {
                    linger(round);
                }
                // close() enqueues Stop after every accepted write, so it can only be last.
                stopping = round.get(round.size() - 1) instanceof StoreWrite.Stop;
                if (stopping) {
                    round.remove(round.size() - 1);
                }
                concurrent = round.size() > 1;
                commit(round);
                round.clear();
            }
            if (!stopping && clock.millis() >= nextPurgeAt) {
                nextPurgeAt = clock.millis() + purgeIntervalMillis;
                round.add(new StoreWrite.PurgeExpired(clock.millis() - dedupeRetentionMillis,
                        new CompletableFuture<>()));
                commit(round);
                round.clear();
            }
        }
    }

    private void linger(List<StoreWrite> round) {
        long deadline = System.nanoTime() + maxBatchDelayNanos;
        try {
            while (round.size() < maxBatchSize) {
                long left = deadline - System.nanoTime();
                StoreWrite next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
                if (next == null) {
                    return;
                }
                round.add(next);
                if (next instanceof StoreWrite.Stop) {
                    return;
                }
                queue.drainTo(round, maxBatchSize - round.size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void commit(List<StoreWrite> round) {
        if (round.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        Connection c;
        try {
            c = dataSource.getConnection();
        } catch (SQLException | RuntimeException e) {
            fail(round, notStored(e));
            return;
        }
        Object[] results;
        try {
            c.setAutoCommit(false);
            results = roundWriter.execute(c, round, clock.millis());
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(c, e);
            discard(c, e);
            fail(round, notStored(e));
            return;
        }
        try {
            c.commit();
        } catch (SQLException | RuntimeException e) {
            boolean rolledBack = rollbackQuietly(c, e);
            discard(c, e);
            boolean notCommitted = e instanceof SQLException sql ? dialect.notCommitted(sql, rolledBack) : rolledBack;
            fail(round, notCommitted ? notStored(e) : new StoreOutcomeUnknownException(e));
            return;
        }
        closeQuietly(c);
        markWritable();
        commitNanos.accept(System.nanoTime() - started);
        commits.incrementAndGet();
        committedWrites.addAndGet(round.size());
        List<StoreWrite> done = List.copyOf(round);
        completions.execute(() -> complete(done, results));
    }

    /** Why the writes of a round that was rolled back failed: the database cannot write, or {@code cause} itself. */
    private Exception notStored(Exception cause) {
        StoreUnwritableException unwritableNow = dialect.unwritable(cause);
        if (unwritableNow == null) {
            return cause;
        }
        if (unwritable == null) {
            log.error("the store cannot write ({}); answering writes 503 until a write succeeds again",
                    cause.getMessage());
        }
        unwritable = unwritableNow;
        return unwritableNow;
    }

    private void markWritable() {
        if (unwritable != null) {
            log.info("the store writes again");
            unwritable = null;
        }
    }

    private void fail(List<StoreWrite> round, Exception cause) {
        if (!(cause instanceof StoreUnwritableException)) {
            log.error("store batch of {} writes failed; failing each of them", round.size(), cause);
        }
        List<StoreWrite> failed = List.copyOf(round);
        completions.execute(() -> failed.forEach(w -> w.fail(cause)));
    }

    /** Why the store cannot write now, or null when its last round committed. */
    StoreUnwritableException unwritable() {
        return unwritable;
    }

    private static void complete(List<StoreWrite> writes, Object[] results) {
        for (int i = 0; i < writes.size(); i++) {
            if (results[i] instanceof Throwable failed) {
                writes.get(i).fail(failed);
            } else {
                writes.get(i).succeed(results[i]);
            }
        }
    }

    /** Returns whether the rollback ran; its failure is added to {@code cause}. */
    private static boolean rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
            return true;
        } catch (SQLException | RuntimeException e) {
            cause.addSuppressed(e);
            return false;
        }
    }

    /**
     * Closes {@code c} for good instead of returning it to the pool: after a failure its driver may believe a
     * transaction is open that the database has rolled back, and the next round on it would run in autocommit,
     * each statement saved on its own. A fresh connection begins a real transaction.
     */
    private void discard(Connection c, Exception cause) {
        try {
            if (dataSource instanceof HikariDataSource pool) {
                pool.evictConnection(c);
            }
            c.close();
        } catch (SQLException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            log.warn("closing the store writer's connection failed: {}", e.toString());
        }
    }

    /**
     * A write that needs disk space and leaves nothing behind: while the store cannot write, the idle writer runs it
     * every second, so {@code /health} turns ready again by itself when space returns, without waiting for a client.
     */
    private StoreWrite probe() {
        return new StoreWrite.Small<>(c -> {
            try (PreparedStatement insert = c.prepareStatement(PROBE_INSERT);
                 PreparedStatement delete = c.prepareStatement(PROBE_DELETE)) {
                insert.setLong(1, clock.millis());
                insert.executeUpdate();
                delete.executeUpdate();
            }
            return null;
        }, new CompletableFuture<>());
    }

    /** Stops accepting writes, commits every accepted one, then stops the threads. */
    @Override
    public void close() {
        closeLock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            closeLock.writeLock().unlock();
        }
        try {
            // Blocks only while the queue is full; the writer keeps draining it.
            queue.put(new StoreWrite.Stop());
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        completions.shutdown();
        try {
            completions.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // Often enough that the table stays near one retention's worth of keys, rarely enough to cost nothing.
    private static Duration purgeInterval(Duration retention) {
        Duration interval = retention.dividedBy(24);
        if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
            return Duration.ofSeconds(1);
        }
        return interval.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : interval;
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}

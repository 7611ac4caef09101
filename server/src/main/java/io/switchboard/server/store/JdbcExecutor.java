// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * Runs reads and the small account and registration writes off the callers' threads: a fixed pool of threads, one
 * pooled connection each at a time, behind a bounded queue. A full queue fails the future at once with
 * {@link StoreOverloadedException}; each transaction is committed (and, by the {@link Dialect}'s settings, forced to
 * disk) before its future completes.
 */
final class JdbcExecutor implements AutoCloseable {

    /** Work on a connection; may throw, which fails the future. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final DataSource dataSource;
    private final ThreadPoolExecutor pool;
    private final int queueCapacity;

    JdbcExecutor(DataSource dataSource, int threads, int queueCapacity) {
        this.dataSource = dataSource;
        this.queueCapacity = queueCapacity;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueCapacity), r -> {
                    Thread t = new Thread(r, "switchboard-store-reader-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** Runs {@code work} with auto-commit on: one statement, one transaction. */
    <T> CompletableFuture<T> call(Work<T> work) {
        return submit(work, false);
    }

    /** Runs {@code work} in one transaction, committed if it returns and rolled back if it throws. */
    <T> CompletableFuture<T> inTransaction(Work<T> work) {
        return submit(work, true);
    }

    private <T> CompletableFuture<T> submit(Work<T> work, boolean transaction) {
        CompletableFuture<T> done = new CompletableFuture<>();
        try {
            pool.execute(() -> {
                try {
                    done.complete(run(work, transaction));
                } catch (SQLException | RuntimeException e) {
                    done.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            done.completeExceptionally(pool.isShutdown() ? new StoreClosedException()
                    : new StoreOverloadedException(queueCapacity));
        }
        return done;
    }

    private <T> T run(Work<T> work, boolean transaction) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            if (!transaction) {
                c.setAutoCommit(true);
                return work.run(c);
            }
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }
    }

    /** Finishes queued work, then stops. */
    @Override
    public void close() {
        pool.shutdown();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

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
 * Runs reads off the callers' threads: a fixed pool of threads, one pooled connection each at a time, behind a
 * bounded queue. A full queue fails the future at once with {@link StoreOverloadedException}. Every write goes
 * through {@link GroupCommitter} instead, the store's single writer.
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

    /** Runs {@code work} with auto-commit on. */
    <T> CompletableFuture<T> call(Work<T> work) {
        return submit(work);
    }

    private <T> CompletableFuture<T> submit(Work<T> work) {
        CompletableFuture<T> done = new CompletableFuture<>();
        try {
            pool.execute(() -> {
                try {
                    done.complete(run(work));
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

    private <T> T run(Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            return work.run(c);
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

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.ops.admin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The bounded pools route handlers run in, off the event loop: per {@link AdminRoute.Lane}, two threads and a short
 * queue. A full lane answers 503 at once rather than queue without end, and an answer that takes longer than
 * {@code answerTimeout} is 503 too (the handler's thread finishes on its own: every handler bounds its own wait).
 */
final class AdminLanes implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AdminLanes.class);
    private static final int THREADS = 2;
    /** Probes queue more: a scrape and a few health checks can arrive together; operator calls are rare. */
    private static final Map<AdminRoute.Lane, Integer> QUEUED = Map.of(AdminRoute.Lane.PROBE, 16,
            AdminRoute.Lane.OPERATOR, 4);

    private final Map<AdminRoute.Lane, ThreadPoolExecutor> pools = new EnumMap<>(AdminRoute.Lane.class);
    private final Duration answerTimeout;

    AdminLanes(Duration answerTimeout) {
        this.answerTimeout = answerTimeout;
        for (AdminRoute.Lane lane : AdminRoute.Lane.values()) {
            String name = "switchboard-admin-" + lane.name().toLowerCase(java.util.Locale.ROOT);
            pools.put(lane, new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.MILLISECONDS,
                    new ArrayBlockingQueue<>(QUEUED.get(lane)), r -> {
                        Thread t = new Thread(r, name);
                        t.setDaemon(true);
                        return t;
                    }, new ThreadPoolExecutor.AbortPolicy()));
        }
    }

    /** Runs {@code route} for {@code request} in its lane; the future always completes with an answer. */
    CompletableFuture<AdminResponse> run(AdminRoute route, AdminRequest request) {
        CompletableFuture<AdminResponse> answer;
        try {
            answer = CompletableFuture.supplyAsync(() -> route.handler().apply(request), pools.get(route.lane()));
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(AdminResponse.text(503, "the admin port is busy with other "
                    + request.path() + "-like requests; retry in a second"));
        }
        return answer.orTimeout(answerTimeout.toMillis(), TimeUnit.MILLISECONDS).exceptionally(failure -> {
            Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof TimeoutException) {
                return AdminResponse.text(503, request.path() + " did not answer within " + answerTimeout.toSeconds()
                        + " s; retry");
            }
            log.error("admin {} {} failed", request.method(), request.path(), cause);
            return AdminResponse.text(500, request.path() + " failed (" + cause.getClass().getSimpleName()
                    + "); the node's log has the details");
        });
    }

    @Override
    public void close() {
        pools.values().forEach(ThreadPoolExecutor::shutdownNow);
    }
}

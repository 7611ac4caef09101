// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.loadgen.connections;

import java.util.Arrays;

/**
 * The coordinator's sum of its workers' latest {@code count} lines, and, while a reconnect is watched, the first
 * moments (workers' clocks, this machine's) at which 50 %, 99 % and 100 % of the clients had logged in again.
 * Thread-safe: each worker's output reader reports here.
 */
final class Tally {
    private final WorkerLines.Count[] latest;
    private long watchStart;
    private int watchTarget;
    private int marks;
    private final long[] reached = new long[3];
    private static final double[] SHARES = {0.5, 0.99, 1.0};

    Tally(int workers) {
        latest = new WorkerLines.Count[workers];
        Arrays.fill(latest, WorkerLines.Count.NONE);
    }

    synchronized void onCount(int worker, WorkerLines.Count count) {
        latest[worker] = count;
        if (watchTarget > 0) {
            int back = sum(Field.SINCE_MARK);
            for (int i = 0; i < SHARES.length; i++) {
                if (reached[i] < 0 && back >= Math.ceil(SHARES[i] * watchTarget)) {
                    reached[i] = Math.max(0, count.epochMillis() - watchStart);
                }
            }
            if (reached[SHARES.length - 1] >= 0) {
                notifyAll();
            }
        }
    }

    /**
     * Starts watching for {@code target} logins after the workers' mark (their {@code marks}-th), timed from
     * {@code startEpochMillis}; a worker's figures from before that mark count as none back.
     */
    synchronized void watch(long startEpochMillis, int target, int marks) {
        this.marks = marks;
        watchStart = startEpochMillis;
        watchTarget = target;
        Arrays.fill(reached, -1);
    }

    /** Waits until every watched client is back or {@code timeoutMillis} pass; the times to 50, 99, 100 %. */
    synchronized long[] awaitAllBack(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (reached[SHARES.length - 1] < 0 && System.currentTimeMillis() < deadline) {
            wait(Math.max(1, deadline - System.currentTimeMillis()));
        }
        watchTarget = 0;
        return reached.clone();
    }

    /** Waits until the workers report {@code n} clients logged in, or {@code timeoutMillis} pass. */
    synchronized boolean awaitLoggedIn(int n, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (sum(Field.LOGGED_IN) < n && System.currentTimeMillis() < deadline) {
            wait(50);
        }
        return sum(Field.LOGGED_IN) >= n;
    }

    enum Field { LOGGED_IN, SINCE_MARK, REGISTERED, CONNECT_FAILED, REFUSED }

    synchronized int sum(Field field) {
        int total = 0;
        for (WorkerLines.Count c : latest) {
            total += switch (field) {
                case LOGGED_IN -> c.loggedIn();
                case SINCE_MARK -> c.marks() == marks ? c.sinceMark() : 0;
                case REGISTERED -> c.registered();
                case CONNECT_FAILED -> c.connectFailed();
                case REFUSED -> c.loginRefused();
            };
        }
        return total;
    }
}

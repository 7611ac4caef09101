// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.loadgen.connections;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a worker's clients report, updated from their event loops and read by the worker's progress reporter.
 * {@link #sinceMark()} counts logins after the last {@link #mark()}, so the coordinator can tell, after dropping
 * every connection, how many came back, even while some drops are still being noticed.
 */
final class ClientCounters {
    private final AtomicInteger registered = new AtomicInteger();
    private final AtomicInteger registerFailures = new AtomicInteger();
    private final AtomicInteger loggedIn = new AtomicInteger();
    private final AtomicInteger logins = new AtomicInteger();
    private final AtomicInteger sinceMark = new AtomicInteger();
    private final AtomicInteger connectFailures = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger marks = new AtomicInteger();

    void registered() {
        registered.incrementAndGet();
    }

    void registerFailed() {
        registerFailures.incrementAndGet();
    }

    void loggedIn() {
        loggedIn.incrementAndGet();
        logins.incrementAndGet();
        sinceMark.incrementAndGet();
    }

    void lost() {
        loggedIn.decrementAndGet();
    }

    void connectFailed() {
        connectFailures.incrementAndGet();
    }

    void loginRefused() {
        refused.incrementAndGet();
    }

    void mark() {
        sinceMark.set(0);
        marks.incrementAndGet();
    }

    int sinceMark() {
        return sinceMark.get();
    }

    /** One progress line's figures: logged in now, since the mark, registered, failures (all kinds), marks. */
    String snapshot() {
        return loggedIn.get() + " " + sinceMark.get() + " " + registered.get() + " " + registerFailures.get() + " "
                + connectFailures.get() + " " + refused.get() + " " + marks.get();
    }
}

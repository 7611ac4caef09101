// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

/**
 * The store cannot write now (its disk is full, or the database reports an I/O error), so the round holding the
 * write was rolled back whole and nothing of it is stored. Callers answer 503 with {@link #RETRY_AFTER_SECONDS};
 * the client retries with the same id, and the store takes writes again by itself once space returns. Expected
 * while the condition lasts, so it carries no stack trace.
 */
public final class StoreUnwritableException extends RuntimeException {

    /** How long a client should wait before it retries: a few of the writer's probe intervals. */
    public static final int RETRY_AFTER_SECONDS = 5;

    private final boolean full;

    StoreUnwritableException(boolean full, Throwable cause) {
        super(full ? "server storage is full; retry later" : "server storage cannot write; retry later", cause,
                false, false);
        this.full = full;
    }

    /** Whether the disk (or the database's size limit) is full, rather than failing with an I/O error. */
    public boolean full() {
        return full;
    }
}

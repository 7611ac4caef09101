// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.ops;

/** Whether a node can serve clients now; {@link AdminServer} answers {@code /health} with it. */
@FunctionalInterface
public interface Readiness {

    /** The node's state; {@code status()} is the word {@code /health} reports. */
    enum Status {
        STARTING, READY, STOPPING,
        /** Up, but the store cannot write (disk full, I/O error): writes are answered 503 until it can again. */
        STORE_UNWRITABLE;

        public String status() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** Checks now; may block briefly (a store query), never longer than its own timeout. */
    Status check();
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

/**
 * The store's write queue is full: the write was not queued and will not happen. Callers reject the request with
 * a retry-later error instead of waiting; the client retries with the same id. Expected under overload, so it
 * carries no stack trace.
 */
public final class StoreOverloadedException extends RuntimeException {

    public StoreOverloadedException(int queueCapacity) {
        super("store write queue full (" + queueCapacity + " writes waiting)", null, false, false);
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

/**
 * The commit of the round holding the write failed in a way that does not say whether it took effect (the
 * connection broke during the commit, or the database could not be asked afterwards). The write may be durable:
 * callers answer 504 "outcome unknown", never "not stored", and the client retries with the same id, which the
 * dedupe key makes safe either way.
 */
public final class StoreOutcomeUnknownException extends RuntimeException {

    StoreOutcomeUnknownException(Throwable cause) {
        super("the store's commit failed and its outcome is unknown", cause, false, false);
    }
}

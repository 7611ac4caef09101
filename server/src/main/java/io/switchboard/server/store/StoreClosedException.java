// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

/** The store was closed before this operation was accepted; the operation did not happen. */
public final class StoreClosedException extends IllegalStateException {

    public StoreClosedException() {
        super("store closed");
    }
}

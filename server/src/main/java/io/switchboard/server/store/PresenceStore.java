// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import io.switchboard.protocol.id.UserId;
import java.util.concurrent.CompletableFuture;

/**
 * Last seen time and its privacy per user. Each write is committed before its future completes; the user entity
 * is the only writer of its user's row, so writes of one user never race.
 */
public interface PresenceStore {

    /** The user's presence; {@link PresenceRecord#NONE} when nothing was stored. */
    CompletableFuture<PresenceRecord> find(UserId user);

    /** Stores the whole record, replacing what was there. */
    CompletableFuture<Void> save(UserId user, PresenceRecord presence);
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The home datacenter of each user and group: where its entity runs in a cluster of several datacenters. A home is
 * claimed by the first datacenter that needs it and kept until an operator moves it, so two datacenters asking at
 * once still agree on one.
 */
public interface HomeStore {

    /** The recorded home, empty if none was claimed yet. */
    CompletableFuture<Optional<String>> find(HomeKind kind, String id);

    /**
     * Records {@code datacenter} as the home unless one is recorded already; completes with the home that holds
     * after the commit (the earlier one, if another datacenter claimed it first).
     */
    CompletableFuture<String> claim(HomeKind kind, String id, String datacenter);

    /** Replaces the home (an operator's move), recording it if there was none. */
    CompletableFuture<Void> move(HomeKind kind, String id, String datacenter);
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.transport;

import io.switchboard.server.limits.SourceKey;

import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Connections not yet logged in, counted per source: an IPv4 address, or an IPv6 /64 (one subscriber usually holds
 * a whole /64, so counting single IPv6 addresses would bound nothing). Thread-safe; an entry leaves the map when its
 * count returns to zero, so the map holds only sources with a connection in the handshake now.
 */
final class PendingByAddress {
    private final int max;
    private final ConcurrentHashMap<String, Integer> pending = new ConcurrentHashMap<>();

    PendingByAddress(int max) {
        this.max = max;
    }

    /**
     * Counts one more pending connection from {@code remote}.
     *
     * @return the source key to {@link #release(String)} later, or null if the source is at its cap (nothing counted)
     */
    String tryAcquire(SocketAddress remote) {
        String key = sourceOf(remote);
        boolean[] admitted = {false};
        pending.compute(key, (k, n) -> {
            int now = n == null ? 0 : n;
            if (now >= max) {
                return n;
            }
            admitted[0] = true;
            return now + 1;
        });
        return admitted[0] ? key : null;
    }

    void release(String key) {
        pending.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
    }

    /** Pending connections from the source {@code remote} belongs to (for tests). */
    int pending(SocketAddress remote) {
        return pending.getOrDefault(sourceOf(remote), 0);
    }

    /** The source a connection counts against: the key the account-free limiters use too. */
    private static String sourceOf(SocketAddress remote) {
        return SourceKey.of(remote).value();
    }
}

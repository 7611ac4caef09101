// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.registration;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * At most {@code limit} events per key in a sliding {@code window}, in memory. Bounded: it forgets the least
 * recently used keys past {@code maxKeys}, so an attacker cycling addresses cannot grow it without end. Thread-safe.
 *
 * @param <K> what is limited: a phone number, a source address
 */
final class RateLimiter<K> {
    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final Map<K, Deque<Long>> events;

    RateLimiter(int limit, Duration window, int maxKeys, Clock clock) {
        this.limit = limit;
        this.window = window;
        this.clock = clock;
        this.events = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Deque<Long>> eldest) {
                return size() > maxKeys;
            }
        };
    }

    /**
     * Records an event for {@code key} if it is within the limit.
     *
     * @return 0 when allowed, else the seconds until the next event would be
     */
    synchronized long tryAcquire(K key) {
        long now = clock.millis();
        Deque<Long> times = events.computeIfAbsent(key, k -> new ArrayDeque<>(Math.min(limit, 8)));
        for (Iterator<Long> it = times.iterator(); it.hasNext(); ) {
            if (it.next() <= now - window.toMillis()) {
                it.remove();
            } else {
                break;
            }
        }
        if (times.size() >= limit) {
            return Math.max(1, (times.peekFirst() + window.toMillis() - now + 999) / 1000);
        }
        times.addLast(now);
        return 0;
    }
}

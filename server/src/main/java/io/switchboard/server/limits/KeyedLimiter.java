// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.limits;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token bucket per key, in memory, shared by every connection of the node: keyed by account (or by source
 * address for work before login), so reconnecting does not refill it. Bounded: past {@code maxKeys} it forgets the
 * least recently used keys (a forgotten key starts full again, which only favours the long-idle). Thread-safe; the
 * keys are spread over stripes so event loops rarely wait for each other.
 *
 * @param <K> what is limited: a {@code UserId}, a {@link SourceKey}
 */
public final class KeyedLimiter<K> {
    private static final int STRIPES = 16;

    private final Rate rate;
    private final Clock clock;
    private final Stripe<K>[] stripes;

    @SuppressWarnings("unchecked")
    public KeyedLimiter(Rate rate, int maxKeys, Clock clock) {
        if (maxKeys < STRIPES) {
            throw new IllegalArgumentException("a limiter keeps at least " + STRIPES + " keys, not " + maxKeys);
        }
        this.rate = rate;
        this.clock = clock;
        this.stripes = new Stripe[STRIPES];
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe<>(maxKeys / STRIPES);
        }
    }

    public Rate rate() {
        return rate;
    }

    /**
     * Takes one token from {@code key}'s bucket.
     *
     * @return 0 when allowed, else the milliseconds until a request would be (at least 1)
     */
    public long tryAcquire(K key) {
        Stripe<K> stripe = stripes[Math.floorMod(key.hashCode(), STRIPES)];
        long now = clock.millis();
        synchronized (stripe) {
            TokenBucket bucket = stripe.get(key);
            TokenBucket.Taken taken = (bucket == null ? TokenBucket.full(rate, now) : bucket).take(rate, now);
            stripe.put(key, taken.bucket());
            return taken.waitMillis();
        }
    }

    /** Keys remembered now, over all stripes (for tests and metrics). */
    public int size() {
        int size = 0;
        for (Stripe<K> stripe : stripes) {
            synchronized (stripe) {
                size += stripe.size();
            }
        }
        return size;
    }

    /** One stripe: a map in access order that drops its eldest entry past its share of the bound. */
    private static final class Stripe<K> extends LinkedHashMap<K, TokenBucket> {
        private static final long serialVersionUID = 1L;
        private final int maxKeys;

        Stripe(int maxKeys) {
            super(16, 0.75f, true);
            this.maxKeys = maxKeys;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<K, TokenBucket> eldest) {
            return size() > maxKeys;
        }
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.limits;

/**
 * One key's bucket as a value: how many tokens it held at {@code at}. The arithmetic of every limiter lives here
 * once, so the in-memory {@link KeyedLimiter} and the limits kept in the store behave the same.
 *
 * @param tokens tokens left at {@code at} (may be fractional)
 * @param at     epoch millis of the last update
 */
public record TokenBucket(double tokens, long at) {

    /** A bucket that has never been used: full. */
    public static TokenBucket full(Rate rate, long now) {
        return new TokenBucket(rate.burst(), now);
    }

    /** The outcome of one request: the bucket afterwards, and 0 if it was allowed or else millis to wait. */
    public record Taken(TokenBucket bucket, long waitMillis) {

        public boolean allowed() {
            return waitMillis == 0;
        }
    }

    /** This bucket refilled up to {@code now}; a clock that went back adds nothing. */
    public TokenBucket refilled(Rate rate, long now) {
        long elapsed = Math.max(0, now - at);
        return new TokenBucket(Math.min(rate.burst(), tokens + elapsed * rate.perSecond() / 1000.0),
                Math.max(at, now));
    }

    /** Takes one token if there is one; otherwise leaves the bucket as it is and says how long until there is. */
    public Taken take(Rate rate, long now) {
        TokenBucket current = refilled(rate, now);
        if (current.tokens >= 1) {
            return new Taken(new TokenBucket(current.tokens - 1, current.at), 0);
        }
        return new Taken(current, current.waitMillis(rate));
    }

    /** 0 if a request would be allowed now, else millis until it would (at least 1). */
    public long waitMillis(Rate rate) {
        if (tokens >= 1) {
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) * 1000.0 / rate.perSecond()));
    }

    /** Epoch millis at which this bucket is full again, so its row or entry can be forgotten. */
    public long fullAt(Rate rate) {
        return at + rate.millisToFill(tokens);
    }
}

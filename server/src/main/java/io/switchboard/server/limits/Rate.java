// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.limits;

import com.typesafe.config.Config;

import java.time.Duration;

/**
 * A token bucket's policy: it holds at most {@code burst} tokens, each request takes one, and it refills at
 * {@code perSecond}. So a quiet key may do {@code burst} things at once, and a busy one {@code perSecond} on average.
 *
 * @param perSecond tokens added per second (fractions allowed: 3 an hour is 3 / 3600)
 * @param burst     tokens a full bucket holds; at least 1
 */
public record Rate(double perSecond, int burst) {

    public Rate {
        if (!(perSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("a rate needs per-second > 0 and burst >= 1, not " + perSecond
                    + " and " + burst);
        }
    }

    /** {@code count} per {@code period}, all of which may come at once. */
    public static Rate of(int count, Duration period) {
        return new Rate(count * 1000.0 / period.toMillis(), count);
    }

    /** Reads {@code { per-second = .., burst = .. }}; a bad value fails naming the key. */
    public static Rate create(Config config, String path) {
        Config c = config.getConfig(path);
        try {
            return new Rate(c.getDouble("per-second"), c.getInt("burst"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
        }
    }

    /** For refusals: "200 at once, then 50 a second", or "3 at once, then 3 an hour". */
    public String describe() {
        double perHour = perSecond * 3600;
        String then = perSecond >= 1 ? number(perSecond) + " a second" : number(perHour) + " an hour";
        return burst + " at once, then " + then;
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format("%.2f", value);
    }

    /** Milliseconds an empty bucket takes to refill completely: past this, a key's state equals a fresh one. */
    long millisToFill(double tokens) {
        return (long) Math.ceil((burst - tokens) * 1000.0 / perSecond);
    }
}

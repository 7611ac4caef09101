// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.ops.admin;

import com.typesafe.config.Config;

import java.time.Duration;

/**
 * What one admin client may take of the admin port, so that no number of slow, unfinished or large requests can
 * keep {@code /health} from answering (reference.conf, {@code switchboard.admin}, says why each bound is what it is).
 *
 * @param requestTimeout  from a request's first byte until it has been read whole; past it, 408 and close
 * @param idleTimeout     how long a connection may wait for its next request (or its first); past it, close
 * @param maxConnections  admin connections open at once; one more is closed as soon as it is accepted
 * @param maxRequestBytes bound of the request line, of the headers, and of the body, each (414, 431, 413 and close)
 * @param answerTimeout   how long a handler may take before the request is answered 503
 */
public record AdminBounds(Duration requestTimeout, Duration idleTimeout, int maxConnections, int maxRequestBytes,
                          Duration answerTimeout) {
    public static final AdminBounds DEFAULT = new AdminBounds(Duration.ofSeconds(5), Duration.ofSeconds(30), 64,
            8 * 1024, Duration.ofSeconds(15));

    public AdminBounds {
        if (requestTimeout.isNegative() || requestTimeout.isZero() || idleTimeout.isNegative()
                || idleTimeout.isZero() || answerTimeout.isNegative() || answerTimeout.isZero()) {
            throw new IllegalArgumentException("switchboard.admin: request-timeout, idle-timeout and answer-timeout"
                    + " must be positive durations, e.g. 5s");
        }
        if (maxConnections < 1 || maxRequestBytes < 256) {
            throw new IllegalArgumentException("switchboard.admin: max-connections must be at least 1 and"
                    + " max-request-size at least 256 bytes");
        }
    }

    /** Reads {@code request-timeout}, {@code idle-timeout}, {@code max-connections}, {@code max-request-size} and
     * {@code answer-timeout} from {@code admin} (the {@code switchboard.admin} section). */
    public static AdminBounds create(Config admin) {
        long size = admin.getBytes("max-request-size");
        return new AdminBounds(admin.getDuration("request-timeout"), admin.getDuration("idle-timeout"),
                admin.getInt("max-connections"), (int) Math.min(size, Integer.MAX_VALUE),
                admin.getDuration("answer-timeout"));
    }

    public AdminBounds withRequestTimeout(Duration timeout) {
        return new AdminBounds(timeout, idleTimeout, maxConnections, maxRequestBytes, answerTimeout);
    }

    public AdminBounds withIdleTimeout(Duration timeout) {
        return new AdminBounds(requestTimeout, timeout, maxConnections, maxRequestBytes, answerTimeout);
    }

    public AdminBounds withMaxConnections(int max) {
        return new AdminBounds(requestTimeout, idleTimeout, max, maxRequestBytes, answerTimeout);
    }
}

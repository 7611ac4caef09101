// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.ops.admin;

import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * At most {@code max} admin connections open at once. One more is closed as soon as it is accepted, before a byte is
 * read: a flood of idle connections then costs a file descriptor for an instant each, and the ones already open
 * (an orchestrator's probe among them) keep being served. A slot frees when its connection closes.
 */
final class ConnectionCap {
    private static final Logger events = LoggerFactory.getLogger("io.switchboard.events");

    private final int max;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();

    ConnectionCap(int max) {
        this.max = max;
    }

    /** Takes a slot for {@code channel} until it closes; false (and nothing taken) when all are in use. */
    boolean admit(Channel channel) {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            refused.incrementAndGet();
            events.debug("admin connection from {} refused: {} open, the cap", channel.remoteAddress(), max);
            return false;
        }
        channel.closeFuture().addListener(closed -> open.decrementAndGet());
        return true;
    }

    int open() {
        return open.get();
    }

    /** Connections closed at once because the cap was reached, since start. */
    long refused() {
        return refused.get();
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.session;

import io.switchboard.protocol.node.Node;
import io.switchboard.server.limits.Rate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-sender message rate (docs/PROTOCOL.md §11.3): every {@code <message>}, 1:1 or to a group, takes a token
 * from its account's bucket before anything is parsed or stored, so one account cannot fill a disk or slow the
 * others down, however many connections it opens. Refused messages get 429 with {@code retry-after}; the SDK waits
 * that long and resends with the same id.
 */
final class SendRate {
    private static final Logger events = LoggerFactory.getLogger("io.switchboard.events");

    private SendRate() {
    }

    /** Whether {@code message} is over its sender's rate; if so, it has been answered with 429. */
    static boolean refused(SessionContext shared, Session session, Node message) {
        long wait = shared.limits().message(session.user());
        if (wait == 0) {
            return false;
        }
        shared.metrics().rateLimited("message");
        Rate rate = shared.limits().messageRate();
        // Counted above; logged at debug only, since a client over its rate may send thousands a second.
        events.debug("message rate limited: user {} session {}, retry after {} ms", session.user(),
                session.sessionId(), wait);
        String id = message.attr("id");
        session.write(Stanzas.messageRateLimited(id == null ? "" : id, wait, "messages are limited to "
                + rate.describe() + " per account; resend with the same id after " + wait + " ms"));
        return true;
    }
}

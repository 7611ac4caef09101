// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.group;

import io.switchboard.protocol.id.MessageId;
import io.switchboard.protocol.id.UserId;
import io.switchboard.server.store.EntryKind;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The aggregated receipts ("delivered to all", "read by all") a group owes its senders until the sender's mailbox
 * has stored them, and when to try again after a failed store: 200 ms, doubling, at most 30 s between tries, with
 * no limit on tries. A receipt is computed once, when the last member's cursor passes the message; dropping it
 * after a failed write (as the group did) left the sender at one check for good. Retrying is safe because the
 * mailbox drops a second copy by its key. Kept in memory: after a restart the group counts owed receipts again from
 * the members' cursors.
 */
final class ReceiptRetry {

    static final Duration FIRST_DELAY = Duration.ofMillis(200);
    static final Duration MAX_DELAY = Duration.ofSeconds(30);

    /** One receipt owed to {@code sender} for its message {@code messageId}. */
    record Owed(UserId sender, MessageId messageId, EntryKind kind) {
    }

    private final Map<Owed, Integer> failures = new HashMap<>();

    /** A store of {@code owed} is under way; until {@link #stored} it counts as owed. */
    void started(Owed owed) {
        failures.putIfAbsent(owed, 0);
    }

    /** The store of {@code owed} failed: returns how long to wait before the next try. */
    Duration failed(Owed owed) {
        return delay(failures.merge(owed, 1, Integer::sum));
    }

    /** {@code owed} is in the sender's mailbox: nothing more to do. */
    void stored(Owed owed) {
        failures.remove(owed);
    }

    /** How many times the store of {@code owed} has failed so far. */
    int failures(Owed owed) {
        return failures.getOrDefault(owed, 0);
    }

    /** Whether every receipt is stored (the group may passivate). */
    boolean isEmpty() {
        return failures.isEmpty();
    }

    /** The wait after the {@code failures}-th failure in a row: doubling from 200 ms, at most 30 s. */
    static Duration delay(int failures) {
        int doublings = Math.min(Math.max(failures - 1, 0), 20);
        Duration delay = FIRST_DELAY.multipliedBy(1L << doublings);
        return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
    }
}

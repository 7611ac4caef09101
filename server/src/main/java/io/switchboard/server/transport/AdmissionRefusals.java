// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.transport;

import io.switchboard.server.log.RateLimitedLog;
import org.slf4j.LoggerFactory;

import java.net.SocketAddress;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Connections closed before login by admission control, counted by reason (for {@code /metrics}) and logged at
 * most once a second per reason on {@code io.switchboard.events}: a flood of silent connections is one line a
 * second with a count, not one line each.
 */
public final class AdmissionRefusals {

    /** Why a connection was closed before its handshake finished; {@link #label()} is the metric's tag. */
    public enum Reason {
        QUEUE_FULL("queue_full", "the handshake queue is full"),
        PER_ADDRESS_CAP("per_address_cap", "its address has too many connections not yet logged in"),
        QUEUE_TIMEOUT("queue_timeout", "it waited too long for a handshake slot"),
        FIRST_MESSAGE_TIMEOUT("first_message_timeout", "it sent no handshake message in time"),
        HANDSHAKE_TIMEOUT("handshake_timeout", "it did not finish the handshake in time");

        private final String label;
        private final String sentence;

        Reason(String label, String sentence) {
            this.label = label;
            this.sentence = sentence;
        }

        public String label() {
            return label;
        }
    }

    private final Map<Reason, LongAdder> counts = new EnumMap<>(Reason.class);
    private final Map<Reason, RateLimitedLog> logs = new EnumMap<>(Reason.class);

    public AdmissionRefusals() {
        for (Reason reason : Reason.values()) {
            counts.put(reason, new LongAdder());
            logs.put(reason, new RateLimitedLog(LoggerFactory.getLogger("io.switchboard.events"), 1_000));
        }
    }

    void refused(Reason reason, SocketAddress remote) {
        counts.get(reason).increment();
        logs.get(reason).info("closed {} before login: {}", remote, reason.sentence);
    }

    public long count(Reason reason) {
        return counts.get(reason).sum();
    }

    /** The count for the reason whose {@link Reason#label()} is {@code label}, or 0 for another string. */
    public long count(String label) {
        for (Reason reason : Reason.values()) {
            if (reason.label.equals(label)) {
                return count(reason);
            }
        }
        return 0;
    }

    /** Every reason's metric label. */
    public static List<String> labels() {
        return Arrays.stream(Reason.values()).map(Reason::label).toList();
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.transport;

import com.typesafe.config.Config;

import java.time.Duration;

/**
 * Bounds on connections that have not logged in yet, read once from {@code switchboard.transport.*}, so that one
 * address cannot hold the handshake slots everyone else needs.
 *
 * @param maxPendingPerAddress connections not yet through the handshake from one IPv4 address or IPv6 /64
 * @param firstMessageTimeout  how long after connecting a client has to send Noise message 1
 * @param queueTimeout         how long a connection may wait for a handshake slot
 */
public record AdmissionSettings(int maxPendingPerAddress, Duration firstMessageTimeout, Duration queueTimeout) {

    public AdmissionSettings {
        if (maxPendingPerAddress < 1 || firstMessageTimeout.isNegative() || firstMessageTimeout.isZero()
                || queueTimeout.isNegative() || queueTimeout.isZero()) {
            throw new IllegalArgumentException("admission bounds must be positive: " + maxPendingPerAddress + ", "
                    + firstMessageTimeout + ", " + queueTimeout);
        }
    }

    public static AdmissionSettings create(Config config) {
        Config c = config.getConfig("switchboard.transport");
        return new AdmissionSettings(c.getInt("max-pending-per-address"), c.getDuration("first-message-timeout"),
                c.getDuration("handshake-queue-timeout"));
    }
}

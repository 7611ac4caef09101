// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.config;

import com.typesafe.config.Config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The server's settings, read once from {@code switchboard.*} (defaults in {@code reference.conf}, overrides in
 * {@code application.conf}, a {@code --config} file or environment variables). A missing or mistyped key fails
 * at startup naming the full key.
 *
 * @param host               address the client port binds to
 * @param port               client TCP port (0 = any free port, for tests)
 * @param dataDir            where the embedded store, codes.log and the server key live
 * @param dev                development mode: registration replies carry the code
 * @param maxFrameSize       largest frame after the handshake
 * @param handshakeTimeout   how long a connection may take to finish the Noise handshake, counted from admission
 * @param maxHandshakesInFlight connections doing their Noise handshake at once; the rest wait their turn
 * @param maxHandshakesQueued   connections waiting for a handshake slot before new ones are refused
 * @param pingInterval       how often a logged-in client should ping when it has nothing else to send (announced
 *                           at login)
 * @param idleTimeout        a connection from which nothing arrived for this long is closed (dead or half-open)
 * @param maxOutboundBytes   bytes waiting to be written to one client past which, if none of them leaves for
 *                           {@code slowConsumerTimeout}, it is cut off as a slow consumer
 * @param slowConsumerTimeout how long a connection above {@code maxOutboundBytes} may go without a byte written to
 *                           its socket before it is cut off
 * @param askTimeout         how long a session waits for an entity's answer before telling the client "unknown"
 * @param pushWindow         messages pushed to a session and not yet acked, at most
 * @param pushWindowBytes    payload bytes of the messages pushed and not yet acked, at most (one larger message
 *                           still goes out alone)
 * @param drainPage          messages read from the store at a time while draining a mailbox
 * @param entityIdleTimeout  how long a user entity with no session and no work stays in memory
 * @param registration       registration code settings
 */
public record ServerSettings(String host, int port, Path dataDir, boolean dev, int maxFrameSize,
                             Duration handshakeTimeout, int maxHandshakesInFlight, int maxHandshakesQueued,
                             Duration pingInterval, Duration idleTimeout,
                             long maxOutboundBytes, Duration slowConsumerTimeout, Duration askTimeout,
                             int pushWindow, long pushWindowBytes, int drainPage,
                             Duration entityIdleTimeout, RegistrationSettings registration) {

    public static ServerSettings create(Config config) {
        Config c = config.getConfig("switchboard");
        return new ServerSettings(
                c.getString("transport.host"),
                c.getInt("transport.port"),
                Path.of(c.getString("data-dir")),
                c.getBoolean("dev"),
                (int) c.getBytes("transport.max-frame-size").longValue(),
                c.getDuration("transport.handshake-timeout"),
                c.getInt("transport.max-handshakes-in-flight"),
                c.getInt("transport.max-handshakes-queued"),
                c.getDuration("transport.ping-interval"),
                c.getDuration("transport.idle-timeout"),
                c.getBytes("transport.max-outbound-bytes"),
                c.getDuration("transport.slow-consumer-timeout"),
                c.getDuration("session.ask-timeout"),
                c.getInt("session.push-window"),
                c.getBytes("session.push-window-bytes"),
                c.getInt("session.drain-page"),
                c.getDuration("session.entity-idle-timeout"),
                RegistrationSettings.create(c.getConfig("registration")));
    }

    /**
     * Registration limits.
     *
     * @param codeTtl             how long a code stays valid
     * @param maxAttempts         wrong codes before the number is locked
     * @param codesPerNumberPerHour codes one number may request per hour
     * @param codesPerAddressPerHour codes one source address may request per hour
     */
    public record RegistrationSettings(Duration codeTtl, int maxAttempts, int codesPerNumberPerHour,
                                       int codesPerAddressPerHour) {
        static RegistrationSettings create(Config c) {
            return new RegistrationSettings(c.getDuration("code-ttl"), c.getInt("max-attempts"),
                    c.getInt("codes-per-number-per-hour"), c.getInt("codes-per-address-per-hour"));
        }
    }
}

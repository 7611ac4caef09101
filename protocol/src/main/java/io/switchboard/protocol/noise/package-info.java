// SPDX-License-Identifier: AGPL-3.0-only
/**
 * Noise_XX_25519_AESGCM_SHA256 transport encryption on JDK crypto only (Noise Protocol Framework, revision 34).
 *
 * <p>A connection runs a {@link io.switchboard.protocol.noise.HandshakeState} with
 * {@link io.switchboard.protocol.noise.HandshakePattern#XX} and the
 * {@link io.switchboard.protocol.frame.ConnectionHeader}, then encrypts frames with the resulting
 * {@link io.switchboard.protocol.noise.NoiseTransport}. X25519 is pluggable
 * ({@link io.switchboard.protocol.noise.X25519}): {@link io.switchboard.protocol.noise.JdkX25519} here,
 * libsignal's native one in the {@code crypto} module. Every failure caused by peer bytes is a typed
 * {@link io.switchboard.protocol.ProtocolException}.
 */
package io.switchboard.protocol.noise;

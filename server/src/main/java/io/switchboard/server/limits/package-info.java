// SPDX-License-Identifier: AGPL-3.0-only
/**
 * Rate limits: one token bucket ({@link io.switchboard.server.limits.TokenBucket}) behind every limit of the node.
 * In memory, {@link io.switchboard.server.limits.KeyedLimiter} keys it by account (or by
 * {@link io.switchboard.server.limits.SourceKey} before login) and bounds the keys; limits that must survive a
 * restart (registration) keep the same bucket in the store. Imports neither Netty nor Pekko.
 */
package io.switchboard.server.limits;

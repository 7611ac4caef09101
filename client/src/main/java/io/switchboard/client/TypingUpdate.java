// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import io.switchboard.protocol.id.UserId;

/**
 * A peer started ({@code composing}) or stopped typing to this user. Only sent while this client is online;
 * never stored or redelivered.
 *
 * @param from      who is typing
 * @param composing true while typing, false once paused
 */
public record TypingUpdate(UserId from, boolean composing) {
}

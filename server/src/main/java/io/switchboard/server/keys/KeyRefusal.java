// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.keys;

/**
 * Why the key directory refused a request, with a sentence for the client. The session maps the reason to a wire
 * code (PROTOCOL.md §14.5); this package knows no codes.
 */
public record KeyRefusal(Reason reason, String text) {

    public enum Reason {
        /** A key does not parse, or a signature does not verify against the identity key. */
        INVALID_KEY,
        /** More one-time keys of one kind in one upload than {@link KeyDirectory#MAX_BATCH}. */
        BATCH_TOO_LARGE,
        /** The upload would take a pool past {@link KeyDirectory#MAX_POOL}. */
        POOL_FULL,
        /** One-time keys before the device uploaded its identity and signed prekeys. */
        NO_DEVICE_KEYS,
        /** The user has no keys in the directory (not registered, or registered before encryption). */
        NO_BUNDLE
    }
}

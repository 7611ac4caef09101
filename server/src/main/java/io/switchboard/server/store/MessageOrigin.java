// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

/**
 * The registration that wrote a message id: its author's device and that device's registration epoch. A client's
 * ids are a per-directory counter that restarts at 1 when the number registers again (a new phone, a new client
 * directory), so {@code (sender, id)} alone would take the new "1" for a retry of the old one and drop it. With the
 * origin in the dedupe key a new registration starts a new id space and nothing is dropped.
 *
 * <p>Why epochs rather than random 64-bit ids: ids stay the short hex counters that travel packed (2–5 bytes), no
 * client has to change, and the server, which binds every registration anyway, is the one place that can tell two
 * registrations apart for certain. Within one epoch a reused id with other content is refused (409), never dropped.
 *
 * @param device the author's device id; 0 for rows written before epochs existed
 * @param epoch  the device's registration epoch ({@link Account#epoch()}); 0 for rows written before epochs existed
 */
public record MessageOrigin(int device, long epoch) {

    /** Rows and accounts from before epochs existed, and receipts whose origin the store resolves itself. */
    public static final MessageOrigin LEGACY = new MessageOrigin(0, 0);

    public MessageOrigin {
        if (device < 0 || epoch < 0) {
            throw new IllegalArgumentException("device and epoch must not be negative: " + device + ", " + epoch);
        }
    }
}

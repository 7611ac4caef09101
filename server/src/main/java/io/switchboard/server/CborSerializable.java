// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server;

/**
 * Marks a message that may cross nodes: Pekko serialises it with Jackson CBOR (bound in {@code reference.conf}),
 * never with Java serialisation. Tests run with {@code serialize-messages = on}, so a message that cannot be
 * serialised fails on one node already.
 */
public interface CborSerializable {
}

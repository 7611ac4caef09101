// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import io.switchboard.protocol.node.Node;

import java.util.function.Function;

/**
 * One group {@code <iq>} request ready to send (PROTOCOL.md §13.2): its type, address and child, and how to read
 * the {@code type='result'} answer. Built, and validated, before it reaches the event loop, so bad input fails the
 * caller at once.
 *
 * @param type  {@code get} or {@code set}
 * @param to    the group's address, or {@code g.switchboard} when no group is named yet
 * @param child the request itself
 * @param reply reads the result; throws {@link IllegalArgumentException} when the result is not what was asked
 * @param <T>   what the request yields
 */
record GroupRequest<T>(String type, String to, Node child, Function<Node, T> reply) {

    /** The {@code <iq>} with id {@code iqId}. */
    Node iq(String iqId) {
        return Node.builder("iq").attr("id", iqId).attr("type", type).attr("to", to).child(child).build();
    }
}

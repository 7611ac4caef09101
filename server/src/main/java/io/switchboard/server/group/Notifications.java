// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.group;

import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.id.UserId;
import io.switchboard.protocol.node.Node;
import io.switchboard.protocol.node.NodeDecoder;
import io.switchboard.protocol.node.NodeEncoder;
import io.switchboard.protocol.node.NodeLimits;
import io.switchboard.protocol.node.TokenDictionary;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The change a notification carries (docs/PROTOCOL.md §13.2): built here as the one child node members see, and
 * stored in the group log in the binary node encoding, so a notification costs a few bytes and is delivered as
 * stored.
 */
public final class Notifications {

    private static final TokenDictionary DICTIONARY = TokenDictionary.standard();

    private Notifications() {
    }

    static Node create(String subject, List<UserId> members) {
        return withParticipants(Node.builder("create").attr("subject", subject), members);
    }

    /** {@code <add>}, {@code <remove>}, {@code <promote>} or {@code <demote>} naming {@code members}. */
    static Node members(String tag, List<UserId> members) {
        return withParticipants(Node.builder(tag), members);
    }

    static Node of(String tag) {
        return Node.of(tag);
    }

    static Node text(String tag, String text) {
        return Node.builder(tag).bytes(text.getBytes(StandardCharsets.UTF_8)).build();
    }

    static Node announce(boolean announceOnly) {
        return Node.builder("settings").attr("announce", Boolean.toString(announceOnly)).build();
    }

    static byte[] encode(Node change) {
        return new NodeEncoder(DICTIONARY).encode(change);
    }

    /**
     * The change stored as {@code payload}.
     *
     * @throws IllegalStateException if the payload is not a node: the log holds only what {@link #encode} wrote
     */
    public static Node decode(byte[] payload) {
        try {
            return new NodeDecoder(DICTIONARY, NodeLimits.DEFAULT).decode(payload);
        } catch (ProtocolException e) {
            throw new IllegalStateException("a stored group notification is not a node: " + e.getMessage(), e);
        }
    }

    private static Node withParticipants(Node.Builder node, List<UserId> members) {
        for (UserId member : members) {
            node.child(Node.builder("participant").attr("jid", member.address()));
        }
        return node.build();
    }
}

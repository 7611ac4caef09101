// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import io.switchboard.protocol.id.UserId;
import io.switchboard.protocol.node.Node;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The client's presence subscriptions and its presence and typing listeners (PROTOCOL.md §11.7–11.8). The
 * subscriptions are kept here because the server forgets them with the connection: the client sends them again
 * after every login. Touched only on the client's event loop, except listener registration.
 */
final class Presence {
    private static final Logger log = LoggerFactory.getLogger(Presence.class);

    /** The server's bound per session. */
    static final int MAX_SUBSCRIPTIONS = 1_000;

    private final Set<UserId> subscriptions = new LinkedHashSet<>();
    private final List<Consumer<PresenceUpdate>> presenceListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<TypingUpdate>> typingListeners = new CopyOnWriteArrayList<>();

    void addPresenceListener(Consumer<PresenceUpdate> listener) {
        presenceListeners.add(Objects.requireNonNull(listener));
    }

    void addTypingListener(Consumer<TypingUpdate> listener) {
        typingListeners.add(Objects.requireNonNull(listener));
    }

    /**
     * Remembers a subscription.
     *
     * @throws IllegalStateException past {@link #MAX_SUBSCRIPTIONS}
     */
    void add(UserId user) {
        if (!subscriptions.contains(user) && subscriptions.size() >= MAX_SUBSCRIPTIONS) {
            throw new IllegalStateException("at most " + MAX_SUBSCRIPTIONS + " presence subscriptions");
        }
        subscriptions.add(user);
    }

    boolean remove(UserId user) {
        return subscriptions.remove(user);
    }

    /** The subscribe stanzas to send on a new connection. */
    List<Node> resubscriptions() {
        return subscriptions.stream().map(Presence::subscribe).toList();
    }

    static Node subscribe(UserId user) {
        return Node.builder("presence").attr("type", "subscribe").attr("to", user.address()).build();
    }

    static Node unsubscribe(UserId user) {
        return Node.builder("presence").attr("type", "unsubscribe").attr("to", user.address()).build();
    }

    static Node typing(UserId to, boolean composing) {
        return Node.builder("chatstate").attr("to", to.address()).attr("type", composing ? "composing" : "paused")
                .build();
    }

    static Node privacyRequest(String iqId, LastSeenPrivacy privacy) {
        Node.Builder child = Node.builder("privacy");
        if (privacy != null) {
            child.attr("last", privacy.wire());
        }
        return Node.builder("iq").attr("id", iqId).attr("type", privacy == null ? "get" : "set").child(child).build();
    }

    /** Reads {@code <iq type='result'><privacy last='…'/></iq>}. */
    static LastSeenPrivacy privacy(Node reply) {
        Node privacy = reply.child("privacy");
        LastSeenPrivacy value = privacy == null ? null : LastSeenPrivacy.fromWire(privacy.attr("last"));
        if (value == null) {
            throw new IllegalArgumentException("unexpected privacy reply: " + reply);
        }
        return value;
    }

    /** {@code <presence from='…' type='available|unavailable' [last='…']/>}, or a refused subscription. */
    void onPresence(Node node) {
        String type = node.attr("type");
        if ("error".equals(type)) {
            log.warn("presence refused by the server: {}", node);
            return;
        }
        UserId from;
        try {
            from = UserId.fromAddress(String.valueOf(node.attr("from")));
        } catch (IllegalArgumentException e) {
            log.debug("ignoring presence without a user: {}", node);
            return;
        }
        if (!subscriptions.contains(from)) {
            return; // unsubscribed while it was on its way
        }
        long last = Stanzas.parseLong(node.attr("last"), 0);
        PresenceUpdate update = new PresenceUpdate(from, "available".equals(type),
                last > 0 ? Optional.of(Instant.ofEpochSecond(last)) : Optional.empty());
        presenceListeners.forEach(l -> l.accept(update));
    }

    /** {@code <chatstate from='…' type='composing|paused'/>}. */
    void onTyping(Node node) {
        String type = node.attr("type");
        if ("error".equals(type)) {
            log.warn("typing refused by the server: {}", node);
            return;
        }
        try {
            TypingUpdate update = new TypingUpdate(UserId.fromAddress(String.valueOf(node.attr("from"))),
                    "composing".equals(type));
            typingListeners.forEach(l -> l.accept(update));
        } catch (IllegalArgumentException e) {
            log.debug("ignoring chatstate without a user: {}", node);
        }
    }
}

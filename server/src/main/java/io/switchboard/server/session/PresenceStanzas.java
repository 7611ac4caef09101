// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.session;

import io.switchboard.protocol.id.UserId;
import io.switchboard.protocol.node.Node;
import io.switchboard.server.store.LastSeenPrivacy;
import io.switchboard.server.user.UserEntity;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.japi.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;

/**
 * One active session's presence, typing and privacy stanzas (docs/PROTOCOL.md §11.7–11.8), confined to the
 * session's event loop like the session itself. Owns the session's subscriptions (at most
 * {@link #MAX_SUBSCRIPTIONS}; they end with the session), its dropped typing count, and its user's own last seen
 * privacy, which decides whether others' last seen reaches this client: with "nobody" it sees nobody's.
 */
final class PresenceStanzas {
    private static final Logger log = LoggerFactory.getLogger(PresenceStanzas.class);
    private static final Logger events = LoggerFactory.getLogger("io.switchboard.events");

    static final int MAX_SUBSCRIPTIONS = 1_000;
    /** Pushes held while the user's own privacy is being read: every subscription's answer and a change each. */
    private static final int MAX_HELD = 2 * MAX_SUBSCRIPTIONS;

    /** A presence push waiting for the own privacy. */
    private record Held(UserId user, boolean available, long lastSeen) {
    }

    private final SessionContext shared;
    private final Session session;
    private final Set<UserId> subscriptions = new LinkedHashSet<>();
    /** Usually empty for the session's whole life: sized for one, not the default 16 (64 bytes per connection). */
    private final Deque<Held> held = new ArrayDeque<>(1);
    /** Null until read from the user's entity. */
    private LastSeenPrivacy ownPrivacy;
    private long typingDropped;

    PresenceStanzas(SessionContext shared, Session session) {
        this.shared = shared;
        this.session = session;
    }

    /** The session turned active: learn the user's own privacy before showing anyone's last seen. */
    void onActive() {
        CompletionStage<UserEntity.PrivacyReply> reply = session.entity(session.user()).ask(
                UserEntity.GetPrivacy::new, shared.settings().askTimeout());
        session.onLoop(reply, (answer, failure) -> {
            if (failure != null) {
                // Showing no last seen is the safe side of not knowing.
                log.warn("privacy of user {} unknown on session {}: {}", session.user(),
                        session.sessionId(), failure.toString());
                ownPrivacy = LastSeenPrivacy.NOBODY;
            } else {
                ownPrivacy = answer.privacy();
            }
            while (!held.isEmpty()) {
                Held h = held.poll();
                writePresence(h.user(), h.available(), h.lastSeen());
            }
        });
    }

    /** {@code <presence type='subscribe|unsubscribe' to='…'/>}. */
    void onPresence(Node node) {
        String type = node.attr("type");
        String to = node.attr("to");
        UserId target = parseUser(to);
        if (target == null || !("subscribe".equals(type) || "unsubscribe".equals(type))) {
            session.write(error("presence", to, 400, "presence needs type='subscribe' or 'unsubscribe' and a user"
                    + " address in 'to'"));
            return;
        }
        if ("unsubscribe".equals(type)) {
            if (subscriptions.remove(target)) {
                session.entity(target).tell(new UserEntity.Unsubscribe(shared.gateway(), session.sessionId()));
            }
            return;
        }
        if (!subscriptions.contains(target) && subscriptions.size() >= MAX_SUBSCRIPTIONS) {
            events.info("presence subscription refused: session {} has {}", session.sessionId(), MAX_SUBSCRIPTIONS);
            session.write(error("presence", to, 429, "at most " + MAX_SUBSCRIPTIONS
                    + " presence subscriptions per session"));
            return;
        }
        subscriptions.add(target);
        // A repeated subscribe is answered again with the current state.
        session.entity(target).tell(new UserEntity.Subscribe(shared.gateway(), session.sessionId()));
    }

    /** {@code <chatstate to='…' type='composing|paused'/>}: relayed, never stored, rate limited. */
    void onChatstate(Node node) {
        String type = node.attr("type");
        String to = node.attr("to");
        UserId target = parseUser(to);
        if (target == null || !("composing".equals(type) || "paused".equals(type))) {
            session.write(error("chatstate", to, 400, "chatstate needs type='composing' or 'paused' and a user"
                    + " address in 'to'"));
            return;
        }
        // Over the account's typing rate the stanza is dropped, not refused: typing is a hint, and cheap to lose.
        if (shared.limits().typing(session.user()) > 0) {
            if (typingDropped++ % 100 == 0) {
                events.info("typing dropped: session {} over its account's rate, {} dropped so far",
                        session.sessionId(), typingDropped);
            }
            return;
        }
        session.entity(target).tell(new UserEntity.Typing(session.user(), "composing".equals(type)));
    }

    /** {@code <iq type='get|set'><privacy [last='everyone|nobody']/></iq>}. */
    void onPrivacy(Node iq) {
        String id = iq.attr("id");
        Node privacy = iq.child("privacy");
        String type = iq.attr("type");
        if (id == null) {
            session.write(Stanzas.iqError("", 400, "an iq needs an 'id'"));
            return;
        }
        if ("get".equals(type)) {
            askPrivacy(id, UserEntity.GetPrivacy::new);
            return;
        }
        LastSeenPrivacy wanted = "everyone".equals(privacy.attr("last")) ? LastSeenPrivacy.EVERYONE
                : "nobody".equals(privacy.attr("last")) ? LastSeenPrivacy.NOBODY : null;
        if (!"set".equals(type) || wanted == null) {
            session.write(Stanzas.iqError(id, 400, "privacy needs type='get', or type='set' with last='everyone'"
                    + " or 'nobody'"));
            return;
        }
        askPrivacy(id, replyTo -> new UserEntity.SetPrivacy(wanted, replyTo));
    }

    private void askPrivacy(String id, Function<ActorRef<UserEntity.PrivacyReply>, UserEntity.Command> request) {
        CompletionStage<UserEntity.PrivacyReply> reply = session.entity(session.user()).ask(request,
                shared.settings().askTimeout());
        session.onLoop(reply, (answer, failure) -> {
            if (failure != null || !answer.ok()) {
                session.write(Stanzas.iqError(id, failure instanceof TimeoutException ? 504 : 503,
                        "the privacy setting could not be stored; retry"));
                return;
            }
            ownPrivacy = answer.privacy();
            session.write(Stanzas.iqResult(id, Node.builder("privacy").attr("last", wire(answer.privacy()))
                    .build()));
        });
    }

    /** A subscribed user's state, from its entity through the gateway. */
    void onPushPresence(UserId user, boolean available, long lastSeen) {
        if (!subscriptions.contains(user)) {
            return; // unsubscribed while this was on its way
        }
        if (ownPrivacy == null) {
            if (held.size() >= MAX_HELD) {
                held.poll();
            }
            held.add(new Held(user, available, lastSeen));
            return;
        }
        writePresence(user, available, lastSeen);
    }

    void onPushTyping(UserId from, boolean composing) {
        session.write(Node.builder("chatstate").attr("from", from.address())
                .attr("type", composing ? "composing" : "paused").build());
    }

    /** The session ended: so do its subscriptions. */
    void onClosed() {
        for (UserId target : subscriptions) {
            session.entity(target).tell(new UserEntity.Unsubscribe(shared.gateway(), session.sessionId()));
        }
        subscriptions.clear();
    }

    private void writePresence(UserId user, boolean available, long lastSeen) {
        Node.Builder presence = Node.builder("presence").attr("from", user.address())
                .attr("type", available ? "available" : "unavailable");
        if (!available && lastSeen > 0 && ownPrivacy == LastSeenPrivacy.EVERYONE) {
            presence.attr("last", Long.toString(lastSeen / 1000));
        }
        session.write(presence.build());
    }

    private static String wire(LastSeenPrivacy privacy) {
        return privacy == LastSeenPrivacy.NOBODY ? "nobody" : "everyone";
    }

    private static Node error(String tag, String about, int code, String text) {
        return Node.builder(tag).attr("type", "error").attrIfPresent("from", about)
                .child(Stanzas.error(code, text)).build();
    }

    private static UserId parseUser(String address) {
        if (address == null) {
            return null;
        }
        try {
            return UserId.fromAddress(address);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

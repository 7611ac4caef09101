// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.user;

import io.switchboard.protocol.id.UserId;
import io.switchboard.server.session.Gateway;
import io.switchboard.server.store.LastSeenPrivacy;
import io.switchboard.server.store.PresenceRecord;
import io.switchboard.server.store.PresenceStore;
import io.switchboard.server.user.UserEntity.Command;
import io.switchboard.server.user.UserEntity.PresenceCommand;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The presence half of a {@link UserEntity}: whether the user is online, its last seen and privacy, and the
 * sessions subscribed to it. Touched only from the entity's messages. Each subscriber is told the current state
 * when it subscribes and every change after, in the order the entity saw them. Last seen and privacy are durable
 * (the privacy reply waits for the commit); subscribers are not: they live as long as their session, or this
 * entity incarnation, whichever ends first. Subscribers are bounded; one past the bound is dropped and counted.
 */
final class UserPresence {
    private static final Logger events = LoggerFactory.getLogger("io.switchboard.events");
    private static final Duration RETRY_DELAY = Duration.ofSeconds(1);

    /** A subscribed session: session ids are unique per node only, so the node's gateway is part of the key. */
    private record Subscriber(ActorRef<Gateway.Command> gateway, long sessionId) {
    }

    /** Internal: the stored record was read (or not). Local only. */
    private record Loaded(PresenceRecord record, Throwable failure)
            implements Command, NoSerializationVerificationNeeded {
    }

    private record Load() implements Command, NoSerializationVerificationNeeded {
    }

    /** Internal: a write finished; {@code replyTo} is answered when the write came from a privacy change. */
    private record Saved(PresenceRecord record, ActorRef<UserEntity.PrivacyReply> replyTo, Throwable failure)
            implements Command, NoSerializationVerificationNeeded {
    }

    private final ActorContext<Command> context;
    private final UserId user;
    private final PresenceStore store;
    private final Clock clock;
    private final int maxSubscribers;
    private final Set<Subscriber> subscribers = new LinkedHashSet<>();
    /** Privacy requests that arrived before the stored record. */
    private final List<PresenceCommand> beforeLoad = new ArrayList<>();
    private PresenceRecord stored = PresenceRecord.NONE;
    private boolean loaded;
    private boolean loading;
    private boolean available;
    private int pendingWrites;
    private boolean lastSeenUnsaved;

    UserPresence(ActorContext<Command> context, UserId user, PresenceStore store, Clock clock, int maxSubscribers) {
        this.context = context;
        this.user = user;
        this.store = store;
        this.clock = clock;
        this.maxSubscribers = maxSubscribers;
    }

    /**
     * Reads the stored record the first time presence is needed. Lazy: an entity started only to queue a message
     * for an offline user never reads it.
     */
    private void load() {
        if (!loaded && !loading) {
            loading = true;
            context.pipeToSelf(store.find(user), Loaded::new);
        }
    }

    /** Whether {@code command} was one of presence's; if so it has been handled. */
    boolean handle(Command command) {
        if (command instanceof PresenceCommand p) {
            load();
            if (!loaded && (p instanceof UserEntity.SetPrivacy || p instanceof UserEntity.GetPrivacy)) {
                beforeLoad.add(p);
            } else {
                onPresenceCommand(p);
            }
        } else if (command instanceof Loaded l) {
            onLoaded(l);
        } else if (command instanceof Load) {
            load();
        } else if (command instanceof Saved s) {
            onSaved(s);
        } else {
            return false;
        }
        return true;
    }

    /** Nothing to keep the entity in memory for: no subscriber, no read or write in flight. */
    boolean isIdle() {
        return subscribers.isEmpty() && pendingWrites == 0 && !loading && beforeLoad.isEmpty() && !lastSeenUnsaved;
    }

    /** The first session attached: online. */
    void online() {
        if (!available) {
            available = true;
            publish();
        }
    }

    /** The last session detached: offline, last seen now, stored. */
    void offline() {
        available = false;
        stored = new PresenceRecord(clock.millis(), stored.privacy());
        if (loaded) {
            publish();
            save(stored, null);
        } else {
            // Saved once the stored privacy is known, so this write cannot reset it to the default.
            lastSeenUnsaved = true;
            load();
        }
    }

    private void onPresenceCommand(PresenceCommand command) {
        if (command instanceof UserEntity.Subscribe s) {
            Subscriber subscriber = new Subscriber(s.gateway(), s.sessionId());
            if (!subscribers.contains(subscriber) && subscribers.size() >= maxSubscribers) {
                events.info("presence subscription dropped: user {} has {} subscribers", user, maxSubscribers);
                return;
            }
            subscribers.add(subscriber);
            if (loaded) {
                tell(subscriber);
            }
        } else if (command instanceof UserEntity.Unsubscribe u) {
            subscribers.remove(new Subscriber(u.gateway(), u.sessionId()));
        } else if (command instanceof UserEntity.GetPrivacy g) {
            g.replyTo().tell(new UserEntity.PrivacyReply(stored.privacy(), true));
        } else if (command instanceof UserEntity.SetPrivacy s) {
            boolean changed = stored.privacy() != s.privacy();
            stored = new PresenceRecord(stored.lastSeen(), s.privacy());
            if (changed && !available) {
                publish();
            }
            save(stored, s.replyTo());
        }
    }

    private void onLoaded(Loaded loaded) {
        loading = false;
        if (loaded.failure() != null) {
            context.getLog().warn("reading the presence of user {} failed: {}", user, loaded.failure().toString());
            context.scheduleOnce(RETRY_DELAY, context.getSelf(), new Load());
            return;
        }
        // A session may have closed before the read: that last seen is newer than the stored one.
        stored = new PresenceRecord(Math.max(stored.lastSeen(), loaded.record().lastSeen()),
                loaded.record().privacy());
        this.loaded = true;
        if (lastSeenUnsaved) {
            lastSeenUnsaved = false;
            save(stored, null);
        }
        subscribers.forEach(this::tell);
        beforeLoad.forEach(this::onPresenceCommand);
        beforeLoad.clear();
    }

    private void save(PresenceRecord record, ActorRef<UserEntity.PrivacyReply> replyTo) {
        pendingWrites++;
        context.pipeToSelf(store.save(user, record), (ok, failure) -> new Saved(record, replyTo, failure));
    }

    private void onSaved(Saved saved) {
        pendingWrites--;
        if (saved.failure() != null) {
            context.getLog().warn("storing the presence of user {} failed: {}", user, saved.failure().toString());
        }
        if (saved.replyTo() != null) {
            saved.replyTo().tell(new UserEntity.PrivacyReply(saved.record().privacy(), saved.failure() == null));
        }
    }

    private void publish() {
        if (loaded) {
            subscribers.forEach(this::tell);
        }
    }

    private void tell(Subscriber s) {
        long lastSeen = available || stored.privacy() == LastSeenPrivacy.NOBODY ? 0 : stored.lastSeen();
        s.gateway().tell(new Gateway.PushPresence(s.sessionId(), user, available, lastSeen));
    }
}

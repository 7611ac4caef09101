// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.session;

import io.switchboard.protocol.id.UserId;
import io.switchboard.server.CborSerializable;
import io.switchboard.server.cluster.HomeRef;
import io.switchboard.server.cluster.Homes;
import io.switchboard.server.store.GroupLogEntry;
import io.switchboard.server.store.MailboxEntry;
import io.switchboard.server.user.UserEntity;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One per node: the only way an actor reaches a connection. Holds session id → {@link SessionPort} for the
 * sessions on this node and attaches each to its user's entity, so an entity on any node pushes to a session with
 * the same {@code tell}. When a user entity (re)starts it announces itself, and the gateway attaches that user's
 * sessions again: this is how sessions re-register after an entity crash or a move to another node.
 */
public final class Gateway {

    /** Every node's gateway registers under this key, so entities can find them all. */
    public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "switchboard-gateway");

    /** Messages the gateway accepts. */
    public sealed interface Command {
    }

    /** Deliver {@code entry} to session {@code sessionId} on this node; dropped if it has gone. */
    public record Push(long sessionId, MailboxEntry entry) implements Command, CborSerializable {
    }

    /** Deliver a group's log entry to session {@code sessionId} on this node; dropped if it has gone. */
    public record PushGroup(long sessionId, GroupLogEntry entry) implements Command, CborSerializable {
    }

    /** Tell session {@code sessionId} that {@code user} is (un)available; {@code lastSeen} millis, 0 if hidden. */
    public record PushPresence(long sessionId, UserId user, boolean available, long lastSeen)
            implements Command, CborSerializable {
    }

    /** Tell session {@code sessionId} that {@code from} is typing to it, or stopped; dropped if it has gone. */
    public record PushTyping(long sessionId, UserId from, boolean composing) implements Command, CborSerializable {
    }

    /** Every entry stored for session {@code sessionId}'s user when it attached has been pushed to it: {@code count}. */
    public record BacklogDelivered(long sessionId, int count) implements Command, CborSerializable {
    }

    /** The same device logged in again; close the older session. */
    public record Replace(long sessionId) implements Command, CborSerializable {
    }

    /** A user entity started: attach that user's sessions on this node to it. */
    public record EntityStarted(UserId user) implements Command, CborSerializable {
    }

    /** A session on this node logged in (local only: it carries the session itself). */
    public record Connect(SessionPort session) implements Command, NoSerializationVerificationNeeded {
    }

    /** A session on this node closed. */
    public record Disconnect(SessionPort session) implements Command, NoSerializationVerificationNeeded {
    }

    private final ActorContext<Command> context;
    private final Homes homes;
    private final Map<Long, SessionPort> sessions = new HashMap<>();
    private final Map<UserId, List<SessionPort>> sessionsByUser = new HashMap<>();

    private Gateway(ActorContext<Command> context, Homes homes) {
        this.context = context;
        this.homes = homes;
    }

    public static Behavior<Command> create(Homes homes) {
        return Behaviors.setup(context -> {
            context.getSystem().receptionist().tell(Receptionist.register(KEY, context.getSelf()));
            Gateway gateway = new Gateway(context, homes);
            return Behaviors.receiveMessage(gateway::onCommand);
        });
    }

    private Behavior<Command> onCommand(Command command) {
        if (command instanceof Push p) {
            onPush(p);
        } else if (command instanceof PushGroup p) {
            SessionPort session = sessions.get(p.sessionId());
            if (session != null) {
                session.pushGroup(p.entry());
            }
        } else if (command instanceof PushPresence p) {
            SessionPort session = sessions.get(p.sessionId());
            if (session != null) {
                session.pushPresence(p.user(), p.available(), p.lastSeen());
            }
        } else if (command instanceof PushTyping t) {
            SessionPort session = sessions.get(t.sessionId());
            if (session != null) {
                session.pushTyping(t.from(), t.composing());
            }
        } else if (command instanceof BacklogDelivered b) {
            SessionPort session = sessions.get(b.sessionId());
            if (session != null) {
                session.backlogDelivered(b.count());
            }
        } else if (command instanceof Connect c) {
            onConnect(c.session());
        } else if (command instanceof Disconnect d) {
            onDisconnect(d.session());
        } else if (command instanceof Replace r) {
            onReplace(r);
        } else if (command instanceof EntityStarted e) {
            onEntityStarted(e.user());
        }
        return Behaviors.same();
    }

    private void onConnect(SessionPort session) {
        sessions.put(session.sessionId(), session);
        sessionsByUser.computeIfAbsent(session.user(), u -> new ArrayList<>(1)).add(session);
        attach(session);
    }

    private void onDisconnect(SessionPort session) {
        if (sessions.remove(session.sessionId()) == null) {
            return;
        }
        List<SessionPort> ofUser = sessionsByUser.get(session.user());
        if (ofUser != null) {
            ofUser.remove(session);
            if (ofUser.isEmpty()) {
                sessionsByUser.remove(session.user());
            }
        }
        entity(session.user()).tell(new UserEntity.Detach(session.sessionId()));
    }

    private void onPush(Push push) {
        SessionPort session = sessions.get(push.sessionId());
        if (session != null) {
            session.push(push.entry());
        }
    }

    private void onReplace(Replace replace) {
        SessionPort session = sessions.get(replace.sessionId());
        if (session != null) {
            session.replaced();
        }
    }

    private void onEntityStarted(UserId user) {
        for (SessionPort session : sessionsByUser.getOrDefault(user, List.of())) {
            attach(session);
        }
    }

    private void attach(SessionPort session) {
        entity(session.user()).tell(new UserEntity.Attach(session.sessionId(), session.deviceId(), context.getSelf()));
    }

    private HomeRef<UserEntity.Command> entity(UserId user) {
        return homes.ref(UserEntity.TYPE_KEY, user.digits());
    }
}

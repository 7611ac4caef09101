// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.user;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.id.GroupId;
import io.switchboard.protocol.id.MessageId;
import io.switchboard.protocol.id.UserId;
import io.switchboard.server.CborSerializable;
import io.switchboard.server.cluster.HomeGuard;
import io.switchboard.server.cluster.Homes;
import io.switchboard.server.config.ServerSettings;
import io.switchboard.server.limits.MailboxBounds;
import io.switchboard.server.session.Gateway;
import io.switchboard.server.store.AccountStore;
import io.switchboard.server.store.EntryKind;
import io.switchboard.server.store.GroupEntryKind;
import io.switchboard.server.store.GroupLogEntry;
import io.switchboard.server.store.GroupStore;
import io.switchboard.server.store.HomeKind;
import io.switchboard.server.store.LastSeenPrivacy;
import io.switchboard.server.store.MailboxStore;
import io.switchboard.server.store.MessageOrigin;
import io.switchboard.server.store.PresenceStore;
import io.switchboard.server.store.StoreOutcomeUnknownException;
import io.switchboard.server.store.StoreOverloadedException;
import io.switchboard.server.store.StoreUnwritableException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

import java.time.Clock;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/**
 * One per user, sharded by user id: the user's durable mailbox and the only writer of it. Stores a message or
 * receipt for the user and answers {@link Stored} only after the store committed it to disk (one check); pushes
 * queued entries to the user's live sessions in order, at most {@code push-window} unacked at a time; deletes an
 * entry when the client acks it, after a delivery receipt for a message is durably queued for its sender (two
 * checks). Duplicates by (sender, device, registration epoch, id) are dropped by the store; the same key with other
 * content is refused ({@link StoreRefused}). Also the user's presence ({@link UserPresence}):
 * online while a session is attached, last seen when the last one detaches, pushed to subscribed sessions; and
 * typing notifications, relayed to live sessions only. And the user's groups ({@link UserGroupFeed}): entries of
 * each group's log pushed to live sessions in order, and acks reported back to the group.
 *
 * <p>The protocol is here; the behaviour is {@link UserMailbox}. A failure restarts the entity, which reloads from
 * the store and asks every node's {@link Gateway} to attach the user's sessions again.
 */
public final class UserEntity {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "User");

    /** Sessions that may watch one user's presence at once; each session watches at most 1,000 users. */
    static final int MAX_SUBSCRIBERS = 10_000;

    private UserEntity() {
    }

    /** Messages a user entity accepts (its internal ones live in {@link UserMailbox}). */
    public interface Command {
    }

    /**
     * Queue a message or receipt for this user; answered with {@link StoreReply} once durable. {@code origin} is the
     * registration that wrote the message (for a receipt: the message's author; a read receipt leaves it
     * {@link MessageOrigin#LEGACY} and the store finds it), {@code receipts} false for a message sent with
     * {@code receipt='none'}.
     */
    public record Store(UserId sender, MessageId messageId, EntryKind kind, long serverTime, byte[] payload,
                        MessageOrigin origin, boolean receipts, ActorRef<StoreReply> replyTo)
            implements Command, CborSerializable {

        /** A server-made entry (notification, group receipt): legacy origin, receipts wanted. */
        public static Store of(UserId sender, MessageId messageId, EntryKind kind, long serverTime, byte[] payload,
                               ActorRef<StoreReply> replyTo) {
            return new Store(sender, messageId, kind, serverTime, payload, MessageOrigin.LEGACY, true, replyTo);
        }
    }

    /** A session of this user on the node of {@code gateway} is live and wants its mailbox. */
    public record Attach(long sessionId, int deviceId, ActorRef<Gateway.Command> gateway)
            implements Command, CborSerializable {
    }

    /** The session closed. */
    public record Detach(long sessionId) implements Command, CborSerializable {
    }

    /** The user's client acknowledged a pushed entry: it may be deleted. */
    public record Acked(UserId from, MessageId messageId, EntryKind kind) implements Command, CborSerializable {
    }

    /**
     * From a group's fanout: {@code entry} of a group this user belongs to. {@code previousSeq} is the entry the
     * group sent this user before it, {@code joinedSeq} the entry that added the user (where its part of the log
     * starts). Pushed to live sessions; ignored while offline (the group's log keeps it).
     */
    public record GroupDeliver(GroupLogEntry entry, long previousSeq, long joinedSeq)
            implements Command, CborSerializable {
    }

    /** The user's client acked a group entry; {@code sender} is ignored for notifications. */
    public record GroupAcked(GroupId group, GroupEntryKind kind, UserId sender, MessageId messageId)
            implements Command, CborSerializable {
    }

    /** Presence and typing commands, handled by {@link UserPresence} (typing by the mailbox's sessions). */
    public sealed interface PresenceCommand extends Command, CborSerializable {
    }

    /**
     * Session {@code sessionId} on the node of {@code gateway} wants this user's presence: it is answered at once
     * with the current state, then with every change, as {@link Gateway.PushPresence}, until {@link Unsubscribe}.
     */
    public record Subscribe(ActorRef<Gateway.Command> gateway, long sessionId) implements PresenceCommand {
    }

    /** The subscribing session closed. */
    public record Unsubscribe(ActorRef<Gateway.Command> gateway, long sessionId) implements PresenceCommand {
    }

    /** {@code from} is typing to this user (or stopped): relayed to its live sessions only, never stored. */
    public record Typing(UserId from, boolean composing) implements PresenceCommand {
    }

    /** Change who may see this user's last seen; answered once the change is durable. */
    public record SetPrivacy(LastSeenPrivacy privacy, ActorRef<PrivacyReply> replyTo) implements PresenceCommand {
    }

    /** Read this user's last seen privacy. */
    public record GetPrivacy(ActorRef<PrivacyReply> replyTo) implements PresenceCommand {
    }

    /** The answer to {@link SetPrivacy} and {@link GetPrivacy}; {@code ok} is false when the write failed. */
    public record PrivacyReply(LastSeenPrivacy privacy, boolean ok) implements CborSerializable {
    }

    /** Sent by sharding after the entity asked to passivate: stop now. */
    public record Stop() implements Command, CborSerializable {
    }

    /** The answer to {@link Store}. */
    public sealed interface StoreReply extends CborSerializable {
    }

    /** Durable: the sender may show one check. {@code duplicate} when (sender, id) was stored before. */
    public record Stored(MessageId messageId, long serverTime, boolean duplicate) implements StoreReply {
    }

    /**
     * Not stored, or not known to be: the client should retry with the same id, after {@code retryAfterSeconds} when
     * that is above 0. {@code code} is the stanza error code to answer with: 500 not stored, 503 the store cannot
     * write now (disk full, overloaded), 504 the outcome is unknown (the write may be durable).
     */
    public record StoreFailed(MessageId messageId, int code, String reason, int retryAfterSeconds)
            implements StoreReply {

        /** The reply for a write that failed with {@code failure}, which says whether anything can be durable. */
        public static StoreFailed of(MessageId messageId, Throwable failure) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof StoreUnwritableException) {
                return new StoreFailed(messageId, ErrorCode.UNAVAILABLE.code(), cause.getMessage(),
                        StoreUnwritableException.RETRY_AFTER_SECONDS);
            }
            if (cause instanceof StoreOverloadedException) {
                return new StoreFailed(messageId, ErrorCode.UNAVAILABLE.code(), "server is busy; retry later", 1);
            }
            if (cause instanceof StoreOutcomeUnknownException || cause instanceof TimeoutException) {
                return new StoreFailed(messageId, ErrorCode.TIMEOUT.code(), ErrorCode.TIMEOUT.reason(), 0);
            }
            return new StoreFailed(messageId, ErrorCode.SERVER_ERROR.code(), ErrorCode.SERVER_ERROR.reason(), 0);
        }
    }

    /**
     * Not stored: {@code code} (409 for an id used for other content, 404 for a recipient that never registered,
     * 404/403 for a read receipt the store refused) and a sentence for the user; retrying the same id gets the same
     * answer. 413 is the one that may change: the recipient's mailbox or the sender's quota is full, and the same id
     * is accepted once the recipient has received what waits (nothing of the refused message was kept).
     */
    public record StoreRefused(MessageId messageId, int code, String reason) implements StoreReply {
    }

    /** Registers the entity type with sharding; every node calls this once at start. */
    public static void init(ActorSystem<?> system, MailboxStore mailbox, AccountStore accounts, PresenceStore presence,
                            GroupStore groups, ServerSettings settings, Homes homes) {
        homes.register(TYPE_KEY, HomeKind.USER, new Stop());
        MailboxBounds bounds = MailboxBounds.create(system.settings().config());
        ClusterSharding.get(system).init(Entity.of(TYPE_KEY, context -> create(
                new UserId(context.getEntityId()), mailbox, accounts, presence, groups, settings, bounds,
                context.getShard(), homes))
                // Delivered through the mailbox, so whatever reached the entity before it passivates is handled.
                .withStopMessage(new Stop()));
    }

    static Behavior<Command> create(UserId user, MailboxStore mailbox, AccountStore accounts, PresenceStore presence,
                                    GroupStore groups, ServerSettings settings, MailboxBounds bounds,
                                    ActorRef<ClusterSharding.ShardCommand> shard, Homes homes) {
        return Behaviors.<Command>supervise(HomeGuard.create(homes, TYPE_KEY, user.digits(), shard, Stop.class,
                        () -> Behaviors.setup(context -> Behaviors.withTimers(timers ->
                                new UserMailbox(context, timers, user, mailbox, accounts, groups, settings, bounds, shard,
                                        homes,
                                        new UserPresence(context, user, presence, Clock.systemUTC(),
                                                MAX_SUBSCRIBERS)).start()))))
                .onFailure(SupervisorStrategy.restart());
    }
}

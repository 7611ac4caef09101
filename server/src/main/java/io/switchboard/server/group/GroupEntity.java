// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.group;

import io.switchboard.protocol.id.GroupId;
import io.switchboard.protocol.id.MessageId;
import io.switchboard.protocol.id.UserId;
import io.switchboard.server.CborSerializable;
import io.switchboard.server.cluster.HomeGuard;
import io.switchboard.server.cluster.Homes;
import io.switchboard.server.config.ServerSettings;
import io.switchboard.server.store.GroupInfo;
import io.switchboard.server.store.GroupStore;
import io.switchboard.server.store.HomeKind;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

import java.util.List;

/**
 * One per group, sharded by group id: the group's metadata, members and log, and the only writer of them. Every
 * change and every message becomes one log entry, numbered by the entity, stored once for all members (one check
 * for the sender once it is durable) and then fanned out in parallel by {@link FanoutWorker}s, each telling about
 * {@value GroupRules#FANOUT_BATCH} members' user entities, which push to live sessions. Members' clients ack
 * entries through their user entities, which report how far the log has reached them; the entity aggregates that
 * into one "delivered to all" and one "read by all" receipt per message.
 *
 * <p>The protocol is here; the behaviour is {@link GroupBehavior}, the rules {@link GroupRules}. A failure
 * restarts the entity, which reloads the group from the store.
 */
public final class GroupEntity {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Group");

    private GroupEntity() {
    }

    /** Messages a group entity accepts (its internal ones live in {@link GroupBehavior}). */
    public interface Command {
    }

    /** A request of a user: each is answered with a {@link Reply}. */
    public interface Request extends Command, CborSerializable {
        /** The authenticated user asking. */
        UserId actor();

        ActorRef<Reply> replyTo();
    }

    /** Create this group with {@code actor} as its first admin; {@link Info} or {@link Refused}. */
    public record Create(UserId actor, String subject, List<UserId> members, ActorRef<Reply> replyTo)
            implements Request {
    }

    public record Add(UserId actor, List<UserId> members, ActorRef<Reply> replyTo) implements Request {
    }

    public record Remove(UserId actor, List<UserId> members, ActorRef<Reply> replyTo) implements Request {
    }

    public record Promote(UserId actor, List<UserId> members, ActorRef<Reply> replyTo) implements Request {
    }

    public record Demote(UserId actor, List<UserId> members, ActorRef<Reply> replyTo) implements Request {
    }

    /** Answered with {@link Done}. */
    public record Leave(UserId actor, ActorRef<Reply> replyTo) implements Request {
    }

    public record SetSubject(UserId actor, String subject, ActorRef<Reply> replyTo) implements Request {
    }

    public record SetDescription(UserId actor, String description, ActorRef<Reply> replyTo) implements Request {
    }

    public record SetAnnounceOnly(UserId actor, boolean announceOnly, ActorRef<Reply> replyTo) implements Request {
    }

    /** The current invite code, made on first request; {@link Invite}. */
    public record GetInvite(UserId actor, ActorRef<Reply> replyTo) implements Request {
    }

    /** A new invite code; the old one stops working. {@link Invite}. */
    public record RevokeInvite(UserId actor, ActorRef<Reply> replyTo) implements Request {
    }

    /** Join with an invite code of this group. */
    public record Join(UserId actor, String code, ActorRef<Reply> replyTo) implements Request {
    }

    public record GetInfo(UserId actor, ActorRef<Reply> replyTo) implements Request {
    }

    /** Who has received and read {@code actor}'s message {@code messageId}; {@link Receipts}. */
    public record GetReceipts(UserId actor, MessageId messageId, ActorRef<Reply> replyTo) implements Request {
    }

    /**
     * A message from {@code actor} to the group; {@link Sent} once durable (duplicates by id included), or
     * {@link Refused}. {@code receipts} false when the sender wants neither aggregated receipt.
     */
    public record Send(UserId actor, MessageId messageId, long serverTime, byte[] body, boolean receipts,
                       ActorRef<Reply> replyTo) implements Request {
    }

    /** {@code actor} read {@code sender}'s message {@code messageId} (and so everything before it); {@link Done}. */
    public record MarkRead(UserId actor, UserId sender, MessageId messageId, ActorRef<Reply> replyTo)
            implements Request {
    }

    /**
     * From a member's user entity: its client acked every entry of this group up to {@code deliveredSeq} (that
     * were its to receive). Not answered.
     */
    public record MemberDelivered(UserId member, long deliveredSeq) implements Command, CborSerializable {
    }

    /** Sent by sharding after the entity asked to passivate: save cursors and stop. */
    public record Stop() implements Command, CborSerializable {
    }

    /** Answers to requests. */
    public sealed interface Reply extends CborSerializable {
    }

    /** The group as a member sees it. */
    public record Info(GroupView group) implements Reply {
    }

    /** The request was refused; {@code code} as in docs/PROTOCOL.md §13 (400, 403, 404, 406, 500). */
    public record Refused(int code, String text) implements Reply {
    }

    public record Invite(String code) implements Reply {
    }

    public record Done() implements Reply {
    }

    /** A message is durable (one check); {@code serverTime} is the time of its first, stored copy. */
    public record Sent(MessageId messageId, long serverTime) implements Reply {
    }

    public record Receipts(MessageId messageId, List<MemberReceipt> members) implements Reply {
    }

    /** How far one message has reached one member. */
    public record MemberReceipt(UserId member, boolean delivered, boolean read) implements CborSerializable {
    }

    /** The parts of a group a reply shows: metadata and current members. */
    public record GroupView(GroupInfo info, List<Participant> participants) implements CborSerializable {
    }

    public record Participant(UserId user, boolean admin) implements CborSerializable {
    }

    /** Registers the entity type with sharding; every node calls this once at start. */
    public static void init(ActorSystem<?> system, GroupStore store, ServerSettings settings, Homes homes) {
        homes.register(TYPE_KEY, HomeKind.GROUP, new Stop());
        ClusterSharding.get(system).init(Entity.of(TYPE_KEY, context -> create(
                new GroupId(context.getEntityId()), store, settings, context.getShard(), homes))
                .withStopMessage(new Stop()));
    }

    static Behavior<Command> create(GroupId group, GroupStore store, ServerSettings settings,
                                    ActorRef<ClusterSharding.ShardCommand> shard, Homes homes) {
        return Behaviors.<Command>supervise(HomeGuard.create(homes, TYPE_KEY, group.value(), shard, Stop.class,
                        () -> Behaviors.setup(context -> Behaviors.withTimers(timers ->
                                Behaviors.withStash(GroupRules.MAX_STASH, stash -> new GroupBehavior(context, timers,
                                        stash, group, store, settings, shard, homes).start())))))
                // A store that cannot be read fails the load; back off rather than spin.
                .onFailure(SupervisorStrategy.restartWithBackoff(java.time.Duration.ofMillis(200),
                        java.time.Duration.ofSeconds(10), 0.2));
    }
}

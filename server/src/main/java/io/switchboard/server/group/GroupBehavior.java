// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.group;

import io.switchboard.protocol.id.GroupId;
import io.switchboard.protocol.id.MessageId;
import io.switchboard.protocol.id.UserId;
import io.switchboard.protocol.node.Node;
import io.switchboard.server.cluster.Homes;
import io.switchboard.server.config.ServerSettings;
import io.switchboard.server.group.GroupEntity.Command;
import io.switchboard.server.group.GroupEntity.Create;
import io.switchboard.server.group.GroupEntity.Done;
import io.switchboard.server.group.GroupEntity.GetInfo;
import io.switchboard.server.group.GroupEntity.GetReceipts;
import io.switchboard.server.group.GroupEntity.Info;
import io.switchboard.server.group.GroupEntity.MarkRead;
import io.switchboard.server.group.GroupEntity.MemberDelivered;
import io.switchboard.server.group.GroupEntity.MemberReceipt;
import io.switchboard.server.group.GroupEntity.Receipts;
import io.switchboard.server.group.GroupEntity.Refused;
import io.switchboard.server.group.GroupEntity.Reply;
import io.switchboard.server.group.GroupEntity.Request;
import io.switchboard.server.group.GroupEntity.Send;
import io.switchboard.server.group.GroupEntity.Sent;
import io.switchboard.server.store.AppendResult;
import io.switchboard.server.store.EntryKind;
import io.switchboard.server.store.GroupChange;
import io.switchboard.server.store.GroupEntryKind;
import io.switchboard.server.store.GroupInfo;
import io.switchboard.server.store.GroupLogEntry;
import io.switchboard.server.store.GroupMember;
import io.switchboard.server.store.GroupRole;
import io.switchboard.server.store.GroupSnapshot;
import io.switchboard.server.store.GroupStore;
import io.switchboard.server.store.MemberCursor;
import io.switchboard.server.user.UserEntity;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * The behaviour of a {@link GroupEntity}: loading, absent (no such group yet: only {@link Create} works) and
 * active. State lives in fields touched only by the actor's messages.
 *
 * <p>Writes are pipelined: a request is checked against the state in memory, which changes at once, and its log
 * entry goes to the store while the next request is handled; the single store writer commits entries in seq
 * order, so their completions, and with them replies and fanout, come back in order. A change that fails to be
 * written leaves memory ahead of the store, so the entity then stops and the next request reloads it.
 */
final class GroupBehavior {
    private static final Logger log = LoggerFactory.getLogger(GroupBehavior.class);

    private record Loaded(Optional<GroupSnapshot> snapshot, Throwable failure)
            implements Command, NoSerializationVerificationNeeded {
    }

    private record Created(Create request, GroupSnapshot snapshot, GroupLogEntry entry, Boolean created,
                           Throwable failure)
            implements Command, NoSerializationVerificationNeeded {
    }

    /** A log entry on its way to the store: who waits, and what they are told once it is durable. */
    private record Write(GroupLogEntry entry, boolean isChange, ActorRef<Reply> replyTo, Reply reply,
                         boolean receipts) {
    }

    private record Written(Write write, AppendResult result, Throwable failure)
            implements Command, NoSerializationVerificationNeeded {
    }

    /** The seq of a message a request names, looked up in the store. */
    private record SeqFound(Request request, UserId sender, MessageId messageId, OptionalLong seq, Throwable failure)
            implements Command, NoSerializationVerificationNeeded {
    }

    private record FlushCursors() implements Command, NoSerializationVerificationNeeded {
    }

    private record CursorsSaved(List<MemberCursor> cursors, List<ActorRef<Reply>> waiting, Throwable failure)
            implements Command, NoSerializationVerificationNeeded {
    }

    private record Rebuilt(List<GroupLogEntry> entries, Throwable failure)
            implements Command, NoSerializationVerificationNeeded {
    }

    private record IdleTimeout() implements Command, NoSerializationVerificationNeeded {
    }

    /** The sender's mailbox answered (or not) a store of an aggregated receipt. */
    private record ReceiptAnswered(ReceiptRetry.Owed owed, boolean stored, String why)
            implements Command, NoSerializationVerificationNeeded {
    }

    /** Time to try storing an owed receipt again. */
    private record RetryReceipt(ReceiptRetry.Owed owed) implements Command, NoSerializationVerificationNeeded {
    }

    private record MessageKey(UserId sender, MessageId messageId) {
    }

    private record RecentMessage(long seq, long serverTime) {
    }

    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final StashBuffer<Command> stash;
    private final GroupId group;
    private final GroupStore store;
    private final ServerSettings settings;
    private final ActorRef<ClusterSharding.ShardCommand> shard;
    private final Homes homes;
    private final List<ActorRef<FanoutWorker.Batch>> workers = new ArrayList<>();
    private final Map<MessageKey, RecentMessage> recent = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<MessageKey, RecentMessage> eldest) {
            return size() > GroupRules.RECENT_MESSAGES;
        }
    };
    private final GroupReceipts receipts;
    private final ReceiptRetry owedReceipts = new ReceiptRetry();

    private GroupInfo info;
    private Members members;
    private long lastSeq;
    private int pendingWrites;
    private Map<UserId, MemberCursor> dirty = new LinkedHashMap<>();
    private List<ActorRef<Reply>> readWaiters = new ArrayList<>();
    private long payloadsDroppedUpTo;

    GroupBehavior(ActorContext<Command> context, TimerScheduler<Command> timers, StashBuffer<Command> stash,
                  GroupId group, GroupStore store, ServerSettings settings,
                  ActorRef<ClusterSharding.ShardCommand> shard, Homes homes) {
        this.context = context;
        this.timers = timers;
        this.stash = stash;
        this.group = group;
        this.store = store;
        this.settings = settings;
        this.shard = shard;
        this.homes = homes;
        this.receipts = new GroupReceipts(new ReceiptSink(), GroupRules.MAX_PENDING_RECEIPTS);
    }

    Behavior<Command> start() {
        context.pipeToSelf(store.load(group), Loaded::new);
        return Behaviors.receive(Command.class)
                .onMessage(Loaded.class, this::onLoaded)
                .onAnyMessage(this::stashWhileBusy)
                .build();
    }

    private Behavior<Command> onLoaded(Loaded loaded) {
        if (loaded.failure() != null) {
            // Restarted by the supervisor with backoff; stashed requests time out and clients retry.
            throw new IllegalStateException("cannot load group " + group, loaded.failure());
        }
        if (loaded.snapshot().isEmpty()) {
            maybePassivate();
            return stash.unstashAll(absent());
        }
        GroupSnapshot snapshot = loaded.snapshot().get();
        becomeActive(snapshot.info(), snapshot.members(), snapshot.lastSeq());
        rebuildReceipts();
        return stash.unstashAll(active());
    }

    private void becomeActive(GroupInfo loadedInfo, List<GroupMember> rows, long seq) {
        info = loadedInfo;
        lastSeq = seq;
        members = new Members(rows, seq);
        payloadsDroppedUpTo = 0;
    }

    /**
     * While loading or creating, everything waits, a passivation's {@code Stop} included: stopping now would drop the
     * reply to a {@code Create} whose write is in flight. After it, the next behaviour handles what waited, in order.
     */
    private Behavior<Command> stashWhileBusy(Command command) {
        if (stash.isFull()) {
            if (command instanceof Request r) {
                r.replyTo().tell(new Refused(503, "the group is busy; retry"));
            }
            return command instanceof GroupEntity.Stop ? Behaviors.stopped() : Behaviors.same();
        }
        stash.stash(command);
        return Behaviors.same();
    }

    // ---- absent: the group does not exist (yet)

    private Behavior<Command> absent() {
        return Behaviors.receive(Command.class)
                .onMessage(Create.class, this::onCreate)
                .onMessage(Request.class, r -> {
                    r.replyTo().tell(GroupRules.noSuchGroup());
                    return Behaviors.same();
                })
                .onMessage(IdleTimeout.class, t -> passivate())
                .onMessage(GroupEntity.Stop.class, s -> Behaviors.stopped())
                .onAnyMessage(ignored -> Behaviors.same())
                .build();
    }

    private Behavior<Command> onCreate(Create create) {
        List<UserId> others = distinctExcept(create.members(), create.actor());
        Optional<Refused> refused = GroupRules.checkSubject(create.subject());
        if (refused.isEmpty() && create.members().size() > GroupRules.MAX_MEMBERS) {
            refused = GroupRules.checkList(create.members());
        }
        if (refused.isEmpty()) {
            refused = GroupRules.checkRoom(1, others.size());
        }
        if (refused.isPresent()) {
            create.replyTo().tell(refused.get());
            return Behaviors.same();
        }
        long now = System.currentTimeMillis();
        GroupInfo created = new GroupInfo(group, create.subject(), "", create.actor(), now, false, "");
        List<GroupMember> rows = new ArrayList<>();
        rows.add(GroupMember.joined(create.actor(), GroupRole.ADMIN, 1));
        others.forEach(user -> rows.add(GroupMember.joined(user, GroupRole.MEMBER, 1)));
        GroupLogEntry entry = notification(1, create.actor(), now, Notifications.create(create.subject(), others));
        GroupSnapshot snapshot = new GroupSnapshot(created, rows, 1);
        context.pipeToSelf(store.create(created, rows, entry),
                (ok, failure) -> new Created(create, snapshot, entry, ok, failure));
        return Behaviors.receive(Command.class)
                .onMessage(Created.class, this::onCreated)
                .onAnyMessage(this::stashWhileBusy)
                .build();
    }

    private Behavior<Command> onCreated(Created done) {
        ActorRef<Reply> replyTo = done.request().replyTo();
        if (done.failure() != null || !Boolean.TRUE.equals(done.created())) {
            if (done.failure() != null) {
                log.warn("creating group {} failed: {}", group, done.failure().toString());
            }
            replyTo.tell(new Refused(500, "the group was not created; retry"));
            maybePassivate();
            return stash.unstashAll(absent());
        }
        becomeActive(done.snapshot().info(), done.snapshot().members(), 0);
        lastSeq = done.entry().seq();
        replyTo.tell(new Info(members.view(info, true)));
        fanout(done.entry());
        maybePassivate();
        return stash.unstashAll(active());
    }

    // ---- active

    private Behavior<Command> active() {
        return Behaviors.receive(Command.class)
                .onMessage(Request.class, this::onRequest)
                .onMessage(MemberDelivered.class, d -> {
                    GroupMember row = members.get(d.member());
                    if (row != null) {
                        advance(row, Math.min(d.deliveredSeq(), Math.min(lastSeq, row.untilSeq())), row.readSeq());
                    }
                    return Behaviors.same();
                })
                .onMessage(Written.class, this::onWritten)
                .onMessage(SeqFound.class, this::onSeqFound)
                .onMessage(FlushCursors.class, f -> {
                    flushCursors();
                    return Behaviors.same();
                })
                .onMessage(CursorsSaved.class, this::onCursorsSaved)
                .onMessage(Rebuilt.class, this::onRebuilt)
                .onMessage(ReceiptAnswered.class, this::onReceiptAnswered)
                .onMessage(RetryReceipt.class, r -> {
                    storeReceipt(r.owed());
                    return Behaviors.same();
                })
                .onMessage(IdleTimeout.class, t -> isIdle() ? passivate() : Behaviors.same())
                .onMessage(GroupEntity.Stop.class, s -> {
                    flushCursors();
                    return Behaviors.stopped();
                })
                .build();
    }

    private Behavior<Command> onRequest(Request request) {
        if (request instanceof Send s) {
            onSend(s);
        } else if (request instanceof Create c) {
            c.replyTo().tell(new Refused(500, "a group with this id exists already; retry"));
        } else if (GroupChanges.isChange(request)) {
            onChange(request);
        } else if (!members.isMember(request.actor())) {
            request.replyTo().tell(GroupRules.notMember());
        } else if (request instanceof GetInfo g) {
            g.replyTo().tell(new Info(view(g.actor())));
        } else if (request instanceof MarkRead m) {
            findSeq(m, m.sender(), m.messageId());
        } else if (request instanceof GetReceipts g) {
            findSeq(g, g.actor(), g.messageId());
        }
        maybePassivate();
        return Behaviors.same();
    }

    private void onChange(Request request) {
        GroupChanges.Outcome outcome = GroupChanges.decide(request, info, members, lastSeq + 1);
        if (outcome instanceof GroupChanges.Refuse refuse) {
            request.replyTo().tell(refuse.refused());
        } else if (outcome instanceof GroupChanges.Unchanged) {
            request.replyTo().tell(new Info(view(request.actor())));
        } else if (outcome instanceof GroupChanges.Answer answer) {
            request.replyTo().tell(answer.reply());
        } else if (outcome instanceof GroupChanges.Change change) {
            change(request.actor(), change.notification(), change.info(), change.rows(), change.reply(),
                    request.replyTo());
        }
    }

    private void onSend(Send send) {
        if (!members.isMember(send.actor())) {
            send.replyTo().tell(GroupRules.notMember());
            return;
        }
        if (info.announceOnly() && !members.isAdmin(send.actor())) {
            send.replyTo().tell(new Refused(403, "only admins can send messages to this group (announce-only)"));
            return;
        }
        RecentMessage seen = recent.get(new MessageKey(send.actor(), send.messageId()));
        if (seen != null) {
            send.replyTo().tell(new Sent(send.messageId(), seen.serverTime()));
            return;
        }
        long seq = ++lastSeq;
        GroupLogEntry entry = new GroupLogEntry(group, seq, GroupEntryKind.MESSAGE, send.actor(), send.messageId(),
                send.serverTime(), send.body());
        submit(new Write(entry, false, send.replyTo(), new Sent(send.messageId(), send.serverTime()),
                send.receipts()), null);
    }

    /**
     * Applies a change in memory at once and writes it with its notification, the next entry of the log; the reply
     * (built from the state after the change, as {@code actor} sees it) goes out once the write is durable.
     */
    private void change(UserId actor, Node notification, GroupInfo newInfo, List<GroupMember> rows,
                        Function<GroupEntity.GroupView, Reply> reply, ActorRef<Reply> replyTo) {
        long seq = ++lastSeq;
        GroupLogEntry entry = notification(seq, actor, System.currentTimeMillis(), notification);
        info = newInfo;
        for (GroupMember row : rows) {
            GroupMember before = members.get(row.user());
            if (before != null && before.isCurrent() && !row.isCurrent()) {
                receipts.removed(before);
            }
            members.put(row);
        }
        submit(new Write(entry, true, replyTo, reply.apply(view(actor)), false), new GroupChange(info, rows));
    }

    private GroupLogEntry notification(long seq, UserId actor, long now, Node change) {
        return new GroupLogEntry(group, seq, GroupEntryKind.NOTIFICATION, actor,
                new MessageId("n" + Long.toHexString(seq)), now, Notifications.encode(change));
    }

    private GroupEntity.GroupView view(UserId viewer) {
        return members.view(info, members.isAdmin(viewer));
    }

    private void submit(Write write, GroupChange change) {
        pendingWrites++;
        context.pipeToSelf(store.append(write.entry(), change), (result, failure) -> new Written(write, result,
                failure));
    }

    private Behavior<Command> onWritten(Written written) {
        pendingWrites--;
        Write write = written.write();
        GroupLogEntry entry = write.entry();
        if (written.failure() != null) {
            log.warn("writing entry {} of group {} failed: {}", entry.seq(), group, written.failure().toString());
            if (write.isChange()) {
                write.replyTo().tell(new Refused(500, "the change was not saved; retry"));
                // Memory is ahead of the store now; the next request loads the group again.
                return Behaviors.stopped();
            }
            write.replyTo().tell(new Refused(503, "not stored; retry with the same id"));
            return Behaviors.same();
        }
        if (written.result() instanceof AppendResult.Duplicate) {
            write.replyTo().tell(write.reply());
            return Behaviors.same();
        }
        if (entry.kind() == GroupEntryKind.MESSAGE) {
            recent.put(new MessageKey(entry.sender(), entry.messageId()),
                    new RecentMessage(entry.seq(), entry.serverTime()));
        }
        write.replyTo().tell(write.reply());
        int recipients = fanout(entry);
        if (entry.kind() == GroupEntryKind.MESSAGE && write.receipts() && recipients > 0) {
            receipts.track(entry.seq(), entry.sender(), entry.messageId(), recipients, recipients);
        }
        maybePassivate();
        return Behaviors.same();
    }

    /**
     * Hands {@code entry} to the fanout workers in batches of members; returns how many current members it goes
     * to (a message is not sent back to its sender).
     */
    private int fanout(GroupLogEntry entry) {
        List<GroupMember> to = members.recipients(entry.seq(),
                entry.kind() == GroupEntryKind.MESSAGE ? entry.sender() : null);
        int current = 0;
        for (int start = 0, batch = 0; start < to.size(); start += GroupRules.FANOUT_BATCH, batch++) {
            List<GroupMember> part = to.subList(start, Math.min(to.size(), start + GroupRules.FANOUT_BATCH));
            List<UserId> users = new ArrayList<>(part.size());
            long[] previous = new long[part.size()];
            long[] joined = new long[part.size()];
            for (int i = 0; i < part.size(); i++) {
                GroupMember m = part.get(i);
                users.add(m.user());
                previous[i] = members.fannedOut(m.user(), entry.seq());
                joined[i] = m.joinedSeq();
                if (m.isCurrent()) {
                    current++;
                }
            }
            worker(batch).tell(new FanoutWorker.Batch(entry, users, previous, joined));
        }
        return current;
    }

    private ActorRef<FanoutWorker.Batch> worker(int batch) {
        int index = batch % GroupRules.FANOUT_WORKERS;
        while (workers.size() <= index) {
            workers.add(context.spawnAnonymous(FanoutWorker.create(homes)));
        }
        return workers.get(index);
    }

    // ---- receipts and cursors

    private void findSeq(Request request, UserId sender, MessageId messageId) {
        RecentMessage seen = recent.get(new MessageKey(sender, messageId));
        if (seen != null) {
            answerWithSeq(request, seen.seq());
            return;
        }
        context.pipeToSelf(store.seqOf(group, sender, messageId),
                (seq, failure) -> new SeqFound(request, sender, messageId, seq, failure));
    }

    private Behavior<Command> onSeqFound(SeqFound found) {
        if (found.failure() != null) {
            found.request().replyTo().tell(new Refused(503, "the group's log cannot be read right now; retry"));
        } else if (found.seq().isEmpty()) {
            found.request().replyTo().tell(new Refused(404, "that message is no longer in the group's log"));
        } else if (members.isMember(found.request().actor())) {
            answerWithSeq(found.request(), found.seq().getAsLong());
        } else {
            found.request().replyTo().tell(GroupRules.notMember());
        }
        return Behaviors.same();
    }

    private void answerWithSeq(Request request, long seq) {
        if (request instanceof MarkRead read) {
            GroupMember row = members.get(read.actor());
            long upTo = Math.min(seq, lastSeq);
            advance(row, Math.max(row.deliveredSeq(), upTo), upTo);
            readWaiters.add(read.replyTo());
            scheduleFlush();
        } else if (request instanceof GetReceipts get) {
            List<MemberReceipt> detail = new ArrayList<>();
            for (GroupMember m : members.all()) {
                if (m.isCurrent() && m.joinedSeq() <= seq && !m.user().equals(get.actor())) {
                    detail.add(new MemberReceipt(m.user(), m.deliveredSeq() >= seq, m.readSeq() >= seq));
                }
            }
            get.replyTo().tell(new Receipts(get.messageId(), detail));
        }
    }

    /** Raises a member's cursors (never lowers them), counts receipts, and marks them to be saved. */
    private void advance(GroupMember row, long delivered, long read) {
        long newDelivered = Math.max(row.deliveredSeq(), Math.max(delivered, read));
        long newRead = Math.max(row.readSeq(), read);
        if (newDelivered == row.deliveredSeq() && newRead == row.readSeq()) {
            return;
        }
        if (row.isCurrent()) {
            receipts.advanced(row, newDelivered, newRead);
        }
        members.put(row.withCursors(newDelivered, newRead));
        dirty.put(row.user(), new MemberCursor(row.user(), newDelivered, newRead));
        scheduleFlush();
    }

    private void scheduleFlush() {
        if (!timers.isTimerActive(FlushCursors.class)) {
            timers.startSingleTimer(FlushCursors.class, new FlushCursors(), GroupRules.CURSOR_FLUSH);
        }
    }

    private void flushCursors() {
        if (dirty.isEmpty() && readWaiters.isEmpty()) {
            return;
        }
        List<MemberCursor> cursors = List.copyOf(dirty.values());
        List<ActorRef<Reply>> waiting = readWaiters;
        dirty = new LinkedHashMap<>();
        readWaiters = new ArrayList<>();
        pendingWrites++;
        context.pipeToSelf(store.saveCursors(group, cursors), (ok, failure) -> new CursorsSaved(cursors, waiting,
                failure));
    }

    private Behavior<Command> onCursorsSaved(CursorsSaved saved) {
        pendingWrites--;
        if (saved.failure() != null) {
            log.warn("saving {} member cursors of group {} failed: {}", saved.cursors().size(), group,
                    saved.failure().toString());
            saved.cursors().forEach(c -> dirty.putIfAbsent(c.user(), c));
            saved.waiting().forEach(w -> w.tell(new Refused(503, "not saved; retry")));
            scheduleFlush();
            return Behaviors.same();
        }
        saved.waiting().forEach(w -> w.tell(new Done()));
        for (MemberCursor cursor : saved.cursors()) {
            GroupMember row = members.get(cursor.user());
            if (row != null && !row.isCurrent() && row.deliveredSeq() >= row.untilSeq()) {
                members.forget(cursor.user()); // the store deleted its row in the same write
            }
        }
        long everyoneHas = members.minDelivered(lastSeq);
        if (everyoneHas > payloadsDroppedUpTo) {
            payloadsDroppedUpTo = everyoneHas;
            store.dropDeliveredPayloads(group, everyoneHas).whenComplete((ok, failure) -> {
                if (failure != null) {
                    log.warn("dropping delivered payloads of group {} failed: {}", group, failure.toString());
                }
            });
        }
        maybePassivate();
        return Behaviors.same();
    }

    /**
     * After a (re)start: the recent messages whose aggregated receipts may still be owed, counted again from the
     * members' stored cursors.
     */
    private void rebuildReceipts() {
        long from = Math.max(members.minRead(lastSeq), lastSeq - GroupRules.REBUILD_WINDOW);
        if (from >= lastSeq) {
            return;
        }
        pendingWrites++;
        context.pipeToSelf(store.entries(group, from, GroupRules.REBUILD_WINDOW), Rebuilt::new);
    }

    private Behavior<Command> onRebuilt(Rebuilt rebuilt) {
        pendingWrites--;
        if (rebuilt.failure() != null) {
            log.warn("rebuilding receipts of group {} failed: {}", group, rebuilt.failure().toString());
            return Behaviors.same();
        }
        for (GroupLogEntry entry : rebuilt.entries()) {
            if (entry.kind() != GroupEntryKind.MESSAGE) {
                continue;
            }
            recent.putIfAbsent(new MessageKey(entry.sender(), entry.messageId()),
                    new RecentMessage(entry.seq(), entry.serverTime()));
            int undelivered = 0;
            int unread = 0;
            for (GroupMember m : members.all()) {
                if (m.isCurrent() && m.joinedSeq() <= entry.seq() && !m.user().equals(entry.sender())) {
                    undelivered += m.deliveredSeq() < entry.seq() ? 1 : 0;
                    unread += m.readSeq() < entry.seq() ? 1 : 0;
                }
            }
            receipts.resume(entry.seq(), entry.sender(), entry.messageId(), undelivered, unread);
        }
        maybePassivate();
        return Behaviors.same();
    }

    /** Stores an aggregated receipt in the sender's own mailbox (kept by the sender's id; the payload names the group). */
    private final class ReceiptSink implements GroupReceipts.Sink {
        @Override
        public void allDelivered(UserId sender, MessageId messageId) {
            storeReceipt(new ReceiptRetry.Owed(sender, messageId, EntryKind.GROUP_DELIVERY_RECEIPT));
        }

        @Override
        public void allRead(UserId sender, MessageId messageId) {
            storeReceipt(new ReceiptRetry.Owed(sender, messageId, EntryKind.GROUP_READ_RECEIPT));
        }
    }

    private void storeReceipt(ReceiptRetry.Owed owed) {
        owedReceipts.started(owed);
        byte[] payload = group.value().getBytes(StandardCharsets.US_ASCII);
        context.pipeToSelf(homes.ref(UserEntity.TYPE_KEY, owed.sender().digits()).<UserEntity.StoreReply>ask(
                replyTo -> UserEntity.Store.of(owed.sender(), owed.messageId(), owed.kind(),
                        System.currentTimeMillis(), payload, replyTo), settings.askTimeout()),
                (reply, failure) -> failure != null ? new ReceiptAnswered(owed, false, failure.toString())
                        : reply instanceof UserEntity.StoreFailed f ? new ReceiptAnswered(owed, false, f.reason())
                        // Stored, a duplicate, or refused for good: nothing a retry would change.
                        : new ReceiptAnswered(owed, true, null));
    }

    private Behavior<Command> onReceiptAnswered(ReceiptAnswered answered) {
        ReceiptRetry.Owed owed = answered.owed();
        if (answered.stored()) {
            owedReceipts.stored(owed);
            maybePassivate();
            return Behaviors.same();
        }
        Duration delay = owedReceipts.failed(owed);
        log.warn("group {} receipt {} for {} not stored ({} failures, next try in {} ms): {}", group, owed.kind(),
                owed.messageId(), owedReceipts.failures(owed), delay.toMillis(), answered.why());
        timers.startSingleTimer(owed, new RetryReceipt(owed), delay);
        return Behaviors.same();
    }

    // ---- passivation

    private void maybePassivate() {
        if (isIdle()) {
            timers.startSingleTimer(IdleTimeout.class, new IdleTimeout(), settings.entityIdleTimeout());
        }
    }

    private boolean isIdle() {
        return pendingWrites == 0 && dirty.isEmpty() && readWaiters.isEmpty() && owedReceipts.isEmpty();
    }

    private Behavior<Command> passivate() {
        shard.tell(new ClusterSharding.Passivate<>(context.getSelf()));
        return Behaviors.same();
    }

    private static List<UserId> distinctExcept(List<UserId> users, UserId except) {
        List<UserId> distinct = new ArrayList<>();
        for (UserId user : new LinkedHashSet<>(users)) {
            if (!user.equals(except)) {
                distinct.add(user);
            }
        }
        return distinct;
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.user;

import io.switchboard.protocol.id.MessageId;
import io.switchboard.protocol.id.UserId;
import io.switchboard.server.cluster.Homes;
import io.switchboard.server.config.ServerSettings;
import io.switchboard.server.limits.MailboxBounds;
import io.switchboard.server.session.Gateway;
import io.switchboard.server.store.AccountStore;
import io.switchboard.server.store.AppendResult;
import io.switchboard.server.store.EntryKind;
import io.switchboard.server.store.MailboxEntry;
import io.switchboard.server.store.GroupStore;
import io.switchboard.server.store.MailboxStore;
import io.switchboard.server.user.UserEntity.Acked;
import io.switchboard.server.user.UserEntity.Attach;
import io.switchboard.server.user.UserEntity.Command;
import io.switchboard.server.user.UserEntity.Detach;
import io.switchboard.server.user.UserEntity.Store;
import io.switchboard.server.user.UserEntity.StoreFailed;
import io.switchboard.server.user.UserEntity.StoreRefused;
import io.switchboard.server.user.UserEntity.Stored;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The behaviour of a {@link UserEntity}. State lives in fields touched only by the actor's messages.
 *
 * <p>Ordering: entries reach sessions in store sequence order. An entry stored while every earlier one has been
 * pushed goes straight to the sessions; otherwise ({@code backlog}) the entity pages through the store from
 * {@code cursor}, never holding more than the push window of entries in memory, which keeps a 100,000-message
 * mailbox from costing memory.
 *
 * <p>The push window counts messages, at most {@code push-window} of them and {@code push-window-bytes} of their
 * payloads (a single larger message goes out alone), so a full window of 64 KiB messages is not the 4 MiB that once
 * sat in a fast reader's socket buffer and got it cut off as a slow consumer. Entries read from the store that do
 * not fit wait in {@code ready}, which with the window never holds more than {@code push-window} entries. Receipts
 * and notifications are pushed outside the window (they are small and server-made): a client that never acks them
 * must not stall the messages behind them, which it did when 64 unacked receipts filled the window. Unacked ones stay
 * in the store and go out again on the next attach, like messages.
 *
 * <p>Each entry goes to each session once. Delivery restarts from the store (everything unacked, from the first
 * entry) only when the first session attaches; a session that is already attached and attaches again (the gateway
 * answering this entity's {@link Gateway.EntityStarted}) changes nothing, and a further session gets what is in
 * flight from memory and then shares the stream. Restarting for every attach used to push the whole in-flight
 * window again to sessions that had already written it: 64 wire-level duplicates per restart, seen once in a
 * 300,000-message drain when the entity's own start announcement re-attached the session that started it after the
 * first window had gone out. After a restart of the entity itself (crash, move to another node) the new incarnation
 * does not know what was written, and acks sent to the old one may be lost, so pushing the unacked entries again is
 * right then; the client drops those duplicates.
 */
final class UserMailbox {

    /** Internal messages: results of store futures and of the receptionist. Local only. */
    private record Appended(Store request, AppendResult result, Throwable failure)
            implements Command, NoSerializationVerificationNeeded {
    }

    private record Loaded(List<MailboxEntry> entries, int requested, Throwable failure)
            implements Command, NoSerializationVerificationNeeded {
    }

    private record ReceiptQueued(MailboxEntry entry, Throwable failure)
            implements Command, NoSerializationVerificationNeeded {
    }

    private record Deleted(MailboxEntry entry, boolean removed, Throwable failure)
            implements Command, NoSerializationVerificationNeeded {
    }

    private record GatewaysFound(Receptionist.Listing listing) implements Command, NoSerializationVerificationNeeded {
    }

    private record RegistrationChecked(boolean registered, Throwable failure)
            implements Command, NoSerializationVerificationNeeded {
    }

    private record RetryDrain() implements Command, NoSerializationVerificationNeeded {
    }

    private record IdleTimeout() implements Command, NoSerializationVerificationNeeded {
    }

    /** An entry pushed and not yet acked, by the natural key the client acks with. */
    private record PushedKey(UserId from, MessageId messageId, EntryKind kind) {
    }

    private record Session(int deviceId, ActorRef<Gateway.Command> gateway) {
    }

    private static final Duration RETRY_DELAY = Duration.ofSeconds(1);

    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final UserId user;
    private final MailboxStore mailbox;
    private final AccountStore accounts;
    private final ServerSettings settings;
    private final ActorRef<ClusterSharding.ShardCommand> shard;
    private final Homes homes;
    private final UserPresence presence;
    private final UserGroupFeed groups;
    private final MailboxBound bound;

    private final Map<Long, Session> sessions = new HashMap<>(2);
    /**
     * Pushed and not yet acked, by the key the client acks with; oldest first per key, since two registrations of
     * one sender can each have an unacked message with the same id (the client cannot name the registration).
     */
    private final Map<PushedKey, ArrayDeque<MailboxEntry>> inFlight = new LinkedHashMap<>();
    /** How many of {@link #inFlight} are messages: only they count against the push window. */
    private int messagesInFlight;
    /** The payload bytes of those messages. */
    private long bytesInFlight;
    /** Read from the store, in order, and not yet pushed: the window was full. All after {@link #inFlight}. */
    private final ArrayDeque<MailboxEntry> ready = new ArrayDeque<>();
    /** Highest sequence number read for (pushed to, or waiting in {@link #ready} for) the current sessions. */
    private long cursor;
    /** Whether the store may hold entries after {@link #cursor} that were not read. */
    private boolean backlog = true;
    private boolean loading;
    /** An entry was stored while a page was being read: that page may not include it. */
    private boolean storedWhileLoading;
    private int pendingWrites;
    /** Seen to have an account: from then on, messages are stored without asking (accounts are not deleted). */
    private boolean registered;
    /** Chat messages waiting, in arrival order, for the one account check in flight. */
    private final ArrayDeque<Store> awaitingCheck = new ArrayDeque<>();
    /**
     * Sessions that attached and have not yet been told the stored backlog is all pushed, with how many mailbox
     * entries each was pushed since: they get {@link Gateway.BacklogDelivered} once the store has no more.
     */
    private final Map<Long, Integer> catchingUp = new HashMap<>(2);
    /** A page was being read when delivery restarted from the start: it was read from the old cursor. */
    private boolean staleLoad;

    UserMailbox(ActorContext<Command> context, TimerScheduler<Command> timers, UserId user, MailboxStore mailbox,
                AccountStore accounts, GroupStore groupStore, ServerSettings settings, MailboxBounds bounds,
                ActorRef<ClusterSharding.ShardCommand> shard, Homes homes, UserPresence presence) {
        this.context = context;
        this.timers = timers;
        this.user = user;
        this.mailbox = mailbox;
        this.accounts = accounts;
        this.settings = settings;
        this.shard = shard;
        this.homes = homes;
        this.presence = presence;
        this.bound = new MailboxBound(context, user, mailbox, bounds, this::append);
        this.groups = new UserGroupFeed(context, user, groupStore, settings, homes, entry -> sessions.forEach(
                (sessionId, session) -> session.gateway().tell(new Gateway.PushGroup(sessionId, entry))));
    }

    Behavior<Command> start() {
        // Sessions of this user on any node attach again: after a crash this entity starts with none.
        context.getSystem().receptionist().tell(Receptionist.find(Gateway.KEY,
                context.messageAdapter(Receptionist.Listing.class, GatewaysFound::new)));
        bound.load();
        return Behaviors.receiveMessage(this::onCommand);
    }

    private Behavior<Command> onCommand(Command command) {
        if (command instanceof Store s) {
            onStore(s);
        } else if (command instanceof RegistrationChecked r) {
            onRegistrationChecked(r);
        } else if (command instanceof Appended a) {
            onAppended(a);
        } else if (command instanceof Attach a) {
            onAttach(a);
        } else if (command instanceof Detach d) {
            onDetach(d);
        } else if (command instanceof Acked a) {
            onAcked(a);
        } else if (command instanceof Loaded l) {
            onLoaded(l);
        } else if (command instanceof ReceiptQueued r) {
            onReceiptQueued(r);
        } else if (command instanceof Deleted d) {
            onDeleted(d);
        } else if (command instanceof GatewaysFound g) {
            g.listing().getServiceInstances(Gateway.KEY).forEach(gw -> gw.tell(new Gateway.EntityStarted(user)));
        } else if (command instanceof RetryDrain) {
            drain();
        } else if (command instanceof IdleTimeout) {
            if (isIdle()) {
                shard.tell(new ClusterSharding.Passivate<>(context.getSelf()));
            }
        } else if (command instanceof UserEntity.Typing t) {
            sessions.forEach((sessionId, session) -> session.gateway().tell(
                    new Gateway.PushTyping(sessionId, t.from(), t.composing())));
        } else if (command instanceof UserEntity.Stop) {
            return Behaviors.stopped();
        } else if (bound.handle(command) || groups.handle(command) || presence.handle(command)) {
            maybePassivate();
        }
        return Behaviors.same();
    }

    /**
     * A chat message for a user not yet seen registered waits for one account check: a number that never registered
     * would keep it for ever, so it is refused with 404 instead. Asked again for every batch while the answer is no,
     * since the number may register at any time; receipts and notifications come from the server and pass.
     */
    private void onStore(Store store) {
        if (store.kind() == EntryKind.MESSAGE && !registered) {
            awaitingCheck.add(store);
            if (awaitingCheck.size() == 1) {
                pendingWrites++;
                context.pipeToSelf(accounts.isRegistered(user),
                        (found, failure) -> new RegistrationChecked(Boolean.TRUE.equals(found), failure));
            }
            return;
        }
        admit(store);
    }

    /** Chat messages pass the mailbox bound first; receipts and notifications are appended at once. */
    private void admit(Store store) {
        if (store.kind() == EntryKind.MESSAGE) {
            bound.admit(store);
        } else {
            append(store);
        }
    }

    private void onRegistrationChecked(RegistrationChecked checked) {
        pendingWrites--;
        registered = checked.failure() == null && checked.registered();
        List<Store> waiting = List.copyOf(awaitingCheck);
        awaitingCheck.clear();
        for (Store store : waiting) {
            if (registered) {
                admit(store);
            } else if (checked.failure() != null) {
                context.getLog().warn("account check for user {} failed: {}", user, checked.failure().toString());
                store.replyTo().tell(StoreFailed.of(store.messageId(), checked.failure()));
            } else {
                store.replyTo().tell(new UserEntity.StoreRefused(store.messageId(), 404,
                        "no such user: " + user.phone() + " is not registered"));
            }
        }
        maybePassivate();
    }

    private void append(Store store) {
        pendingWrites++;
        MailboxEntry entry = new MailboxEntry(0, user, store.sender(), store.messageId(), store.kind(),
                store.serverTime(), store.payload(), store.origin(), store.receipts());
        long quota = store.kind() == EntryKind.MESSAGE ? bound.senderQuota() : Long.MAX_VALUE;
        context.pipeToSelf(mailbox.append(entry, quota), (result, failure) -> new Appended(store, result, failure));
    }

    private void onAppended(Appended appended) {
        pendingWrites--;
        Store request = appended.request();
        if (request.kind() == EntryKind.MESSAGE && !(appended.result() instanceof AppendResult.Appended)) {
            bound.release(request.payload().length);
        }
        if (appended.failure() != null) {
            context.getLog().warn("store for user {} failed: {}", user, appended.failure().toString());
            request.replyTo().tell(StoreFailed.of(request.messageId(), appended.failure()));
            return;
        }
        if (appended.result() instanceof AppendResult.Duplicate) {
            request.replyTo().tell(new Stored(request.messageId(), request.serverTime(), true));
            maybePassivate();
            return;
        }
        if (appended.result() instanceof AppendResult.Refused refused) {
            request.replyTo().tell(new StoreRefused(request.messageId(), refused.code(), refused.reason()));
            maybePassivate();
            return;
        }
        long seq = ((AppendResult.Appended) appended.result()).seq();
        request.replyTo().tell(new Stored(request.messageId(), request.serverTime(), false));
        MailboxEntry entry = new MailboxEntry(seq, user, request.sender(), request.messageId(), request.kind(),
                request.serverTime(), request.payload(), request.origin(), request.receipts());
        if (sessions.isEmpty()) {
            maybePassivate();
        } else if (!backlog && !loading && ready.isEmpty() && fits(entry)
                && request.kind() != EntryKind.READ_RECEIPT) {
            // Not a read receipt: the store may have put the delivery receipt it implies just before it, which
            // only a read from the store (below) pushes first.
            push(entry);
        } else {
            backlog = true;
            storedWhileLoading |= loading;
            drain();
        }
    }

    private void onAttach(Attach attach) {
        Session attached = sessions.get(attach.sessionId());
        if (attached != null && attached.gateway().equals(attach.gateway())) {
            // Attached already, to this incarnation: the gateway re-attaching its sessions because this entity
            // announced its start. The session has been written everything pushed since; pushing again would
            // duplicate the in-flight window on the wire. (The same id through another gateway is another
            // session, on another node: ids are unique per node only, so both must match.)
            return;
        }
        sessions.entrySet().removeIf(existing -> {
            boolean sameDevice = existing.getValue().deviceId() == attach.deviceId();
            if (sameDevice) {
                existing.getValue().gateway().tell(new Gateway.Replace(existing.getKey()));
            }
            return sameDevice;
        });
        boolean first = sessions.isEmpty();
        Session session = new Session(attach.deviceId(), attach.gateway());
        sessions.put(attach.sessionId(), session);
        catchingUp.put(attach.sessionId(), 0);
        presence.online();
        if (first) {
            // Everything unacked in the store goes out, in order, to the session now live.
            restartDelivery();
        } else {
            joinDelivery(attach.sessionId(), session);
        }
        // TODO(#16): the group feed still restarts for every new session, so a second session's attach pushes
        // the groups' in-flight entries again to the sessions that had them (the same session re-attaching no
        // longer gets here).
        groups.restart();
    }

    /**
     * Another session joins a delivery under way: it gets what is in flight (pushed to the others, not acked), in
     * order, from memory, then every later push with the others. The others get nothing twice.
     */
    private void joinDelivery(long sessionId, Session session) {
        List<MailboxEntry> pushed = new java.util.ArrayList<>(inFlight.size());
        inFlight.values().forEach(pushed::addAll);
        pushed.sort(java.util.Comparator.comparingLong(MailboxEntry::seq));
        pushed.forEach(entry -> session.gateway().tell(new Gateway.Push(sessionId, entry)));
        catchingUp.put(sessionId, pushed.size());
        if (!backlog && !loading && ready.isEmpty()) {
            announceBacklogDelivered();
        }
    }

    private void onDetach(Detach detach) {
        catchingUp.remove(detach.sessionId());
        if (sessions.remove(detach.sessionId()) != null && sessions.isEmpty()) {
            presence.offline();
            restartDelivery();
            groups.stop();
            maybePassivate();
        }
    }

    private void restartDelivery() {
        inFlight.clear();
        ready.clear();
        messagesInFlight = 0;
        bytesInFlight = 0;
        cursor = 0;
        backlog = true;
        staleLoad |= loading;
        // Everything goes out again from the first entry, so each waiting session's count starts again too.
        catchingUp.replaceAll((sessionId, pushed) -> 0);
        drain();
    }

    private void onAcked(Acked acked) {
        ArrayDeque<MailboxEntry> pushed = inFlight.get(new PushedKey(acked.from(), acked.messageId(), acked.kind()));
        if (pushed == null) {
            return; // an ack for something already acked, or pushed to a session that has since been replaced
        }
        MailboxEntry entry = pushed.removeFirst();
        if (pushed.isEmpty()) {
            inFlight.remove(new PushedKey(acked.from(), acked.messageId(), acked.kind()));
        }
        if (entry.kind() == EntryKind.MESSAGE) {
            messagesInFlight--;
            bytesInFlight -= entry.payload().length;
        }
        pendingWrites++;
        if (entry.kind() == EntryKind.MESSAGE && entry.receipts()) {
            // The receipt is queued for the sender before the message is deleted: a crash in between redelivers
            // the message (the client drops the duplicate) rather than losing the second check. It carries the
            // message's origin, so it answers this registration's message and not an older one with the same id.
            context.pipeToSelf(homes.ref(UserEntity.TYPE_KEY, acked.from().digits())
                    .<UserEntity.StoreReply>ask(replyTo -> new Store(user, acked.messageId(),
                            EntryKind.DELIVERY_RECEIPT, System.currentTimeMillis(), new byte[0], entry.origin(),
                            true, replyTo), settings.askTimeout()), (reply, failure) -> new ReceiptQueued(entry,
                    failure != null ? failure : reply instanceof StoreFailed f
                            ? new IllegalStateException(f.reason()) : null));
        } else {
            // Receipts, notifications and messages sent with receipt='none': nothing goes back to the sender.
            delete(entry);
        }
        drain();
    }

    private void onReceiptQueued(ReceiptQueued queued) {
        if (queued.failure() != null) {
            // The message stays in the mailbox and is pushed again on the next attach; the ack is retried then.
            pendingWrites--;
            context.getLog().warn("delivery receipt for user {} not queued: {}", user, queued.failure().toString());
            return;
        }
        delete(queued.entry());
    }

    private void delete(MailboxEntry entry) {
        context.pipeToSelf(mailbox.delete(user, entry.seq()),
                (removed, failure) -> new Deleted(entry, Boolean.TRUE.equals(removed), failure));
    }

    private void onDeleted(Deleted deleted) {
        pendingWrites--;
        if (deleted.failure() != null) {
            context.getLog().warn("delete of entry {} for user {} failed: {}", deleted.entry().seq(), user,
                    deleted.failure().toString());
        } else if (deleted.removed() && deleted.entry().kind() == EntryKind.MESSAGE) {
            // Only the delete that removed the row gives its room back: an entry redelivered and acked twice is
            // deleted twice.
            bound.release(deleted.entry().payload().length);
        }
        maybePassivate();
    }

    /** Pushes what was read and waits for the window, then reads more once nothing waits and the window has room. */
    private void drain() {
        pushReady();
        int room = settings.pushWindow() - messagesInFlight;
        if (sessions.isEmpty() || loading || !backlog || !ready.isEmpty() || room <= 0) {
            return;
        }
        loading = true;
        int requested = Math.min(room, settings.drainPage());
        context.pipeToSelf(mailbox.pending(user, cursor, requested),
                (entries, failure) -> new Loaded(entries, requested, failure));
    }

    private void onLoaded(Loaded loaded) {
        loading = false;
        if (loaded.failure() != null) {
            storedWhileLoading = false;
            context.getLog().warn("reading the mailbox of user {} failed: {}", user, loaded.failure().toString());
            context.scheduleOnce(RETRY_DELAY, context.getSelf(), new RetryDrain());
            return;
        }
        if (sessions.isEmpty()) {
            staleLoad = false;
            return;
        }
        if (staleLoad) {
            // Read from before the restart: pushing it would skip what lies between the new cursor and it.
            staleLoad = false;
            storedWhileLoading = false;
            drain();
            return;
        }
        for (MailboxEntry entry : loaded.entries()) {
            if (entry.seq() > cursor) {
                cursor = entry.seq();
                ready.addLast(entry);
            }
        }
        if (loaded.entries().size() < loaded.requested() && !storedWhileLoading) {
            backlog = false;
        }
        storedWhileLoading = false;
        drain();
    }

    /** Pushes from {@link #ready} while the window has room; once the store has no more, says the backlog is out. */
    private void pushReady() {
        while (!ready.isEmpty() && !sessions.isEmpty() && fits(ready.peekFirst())) {
            push(ready.removeFirst());
        }
        if (!backlog && !loading && ready.isEmpty()) {
            announceBacklogDelivered();
        }
    }

    /**
     * Whether {@code entry} may go out now: anything but a message always; a message if the window has room for it
     * in count and in bytes, or if nothing is in flight (a message larger than the byte window goes alone).
     */
    private boolean fits(MailboxEntry entry) {
        return entry.kind() != EntryKind.MESSAGE || messagesInFlight == 0
                || messagesInFlight < settings.pushWindow()
                && bytesInFlight + entry.payload().length <= settings.pushWindowBytes();
    }

    private void push(MailboxEntry entry) {
        inFlight.computeIfAbsent(new PushedKey(entry.sender(), entry.messageId(), entry.kind()),
                key -> new ArrayDeque<>(1)).addLast(entry);
        if (entry.kind() == EntryKind.MESSAGE) {
            messagesInFlight++;
            bytesInFlight += entry.payload().length;
        }
        cursor = Math.max(cursor, entry.seq());
        catchingUp.replaceAll((sessionId, pushed) -> pushed + 1);
        sessions.forEach((sessionId, session) -> session.gateway().tell(new Gateway.Push(sessionId, entry)));
    }

    /** Every stored entry has been pushed: sessions that attached since are told, with how many they got. */
    private void announceBacklogDelivered() {
        catchingUp.forEach((sessionId, pushed) -> {
            Session session = sessions.get(sessionId);
            if (session != null) {
                session.gateway().tell(new Gateway.BacklogDelivered(sessionId, pushed));
            }
        });
        catchingUp.clear();
    }

    /**
     * With no session and nothing being written, the entity leaves memory after the idle timeout (any new work
     * restarts the wait); the store keeps the mailbox.
     */
    private void maybePassivate() {
        if (isIdle()) {
            timers.startSingleTimer(IdleTimeout.class, new IdleTimeout(), settings.entityIdleTimeout());
        }
    }

    private boolean isIdle() {
        return sessions.isEmpty() && pendingWrites == 0 && !loading && bound.isIdle() && presence.isIdle()
                && groups.isIdle();
    }
}

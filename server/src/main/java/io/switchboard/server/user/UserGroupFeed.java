// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.user;

import io.switchboard.protocol.id.GroupId;
import io.switchboard.protocol.id.MessageId;
import io.switchboard.protocol.id.UserId;
import io.switchboard.server.cluster.Homes;
import io.switchboard.server.config.ServerSettings;
import io.switchboard.server.group.GroupEntity;
import io.switchboard.server.store.GroupEntryKind;
import io.switchboard.server.store.GroupLogEntry;
import io.switchboard.server.store.GroupMembership;
import io.switchboard.server.store.GroupStore;
import io.switchboard.server.user.UserEntity.Command;
import io.switchboard.server.user.UserEntity.GroupAcked;
import io.switchboard.server.user.UserEntity.GroupDeliver;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The user's side of its groups, part of its {@link UserEntity}: pushes each group's log entries to the user's live
 * sessions in log order, at most {@code push-window} entries and {@code push-window-bytes} of payload unacked per
 * group (a single larger entry goes out alone; entries read that do not fit wait in the feed), and tells the group how far its log has
 * reached this user as the client acks. The group log in the store is the queue: nothing is written per member,
 * so an offline member costs nothing until it comes back, and then its entries are read from the store from the
 * cursor on.
 *
 * <p>A group's fanout says which entry it sent this user before the current one; when that is the last one pushed
 * here, the entry goes straight to the sessions, otherwise (a gap after a restart or a failed write, or a backlog)
 * the feed reads the missing entries from the store. Own messages are not pushed back to their sender.
 */
final class UserGroupFeed {

    private record MembershipsLoaded(long generation, List<GroupMembership> memberships, Throwable failure)
            implements Command, NoSerializationVerificationNeeded {
    }

    private record EntriesLoaded(long generation, GroupId group, List<GroupLogEntry> entries, int requested,
                                 Throwable failure) implements Command, NoSerializationVerificationNeeded {
    }

    private record Retry(long generation) implements Command, NoSerializationVerificationNeeded {
    }

    private record SendReports() implements Command, NoSerializationVerificationNeeded {
    }

    /** What a client acks an entry by: notifications by id alone (their ack names no participant). */
    private record EntryKey(GroupEntryKind kind, UserId sender, MessageId messageId) {
        static EntryKey of(GroupEntryKind kind, UserId sender, MessageId messageId) {
            return new EntryKey(kind, kind == GroupEntryKind.NOTIFICATION ? null : sender, messageId);
        }
    }

    /** An entry pushed and not acked: its position, and its payload's share of the byte window. */
    private record InFlight(long seq, int bytes) {
    }

    /** One group's delivery state while the user has sessions. */
    private static final class Feed {
        long lastPushed;
        /** Highest seq read from the store or pushed: {@link #lastPushed}, or the last of {@link #ready}. */
        long lastRead;
        long reported;
        final Map<EntryKey, InFlight> inFlight = new LinkedHashMap<>();
        long bytesInFlight;
        /** Read from the store, in order, and not yet pushed: the window was full. */
        final ArrayDeque<GroupLogEntry> ready = new ArrayDeque<>();
        boolean backlog = true;
        boolean loading;
        boolean deliveredWhileLoading;

        Feed(long deliveredSeq) {
            this.lastPushed = deliveredSeq;
            this.lastRead = deliveredSeq;
            this.reported = deliveredSeq;
        }
    }

    private static final Duration RETRY_DELAY = Duration.ofSeconds(1);
    /**
     * How long acks gather before the groups hear how far they reached: one report per group per interval instead
     * of one per ack keeps a 1,024-member group entity from handling 1,023 messages per message sent. The group
     * saves cursors on a similar beat, so receipts are hardly later for it.
     */
    static final Duration REPORT_INTERVAL = Duration.ofMillis(200);

    private final ActorContext<Command> context;
    private final UserId user;
    private final GroupStore store;
    private final ServerSettings settings;
    private final Homes homes;
    private final Consumer<GroupLogEntry> push;
    private final Map<GroupId, Feed> feeds = new HashMap<>();
    /** Fanouts that arrived while the memberships were loading, by group: the latest of each. */
    private final Map<GroupId, GroupDeliver> held = new HashMap<>();
    private boolean live;
    private boolean reportScheduled;
    private boolean membershipsLoading;
    private int loads;
    /** Bumped whenever delivery restarts, so answers to older reads are ignored. */
    private long generation;

    UserGroupFeed(ActorContext<Command> context, UserId user, GroupStore store, ServerSettings settings, Homes homes,
                  Consumer<GroupLogEntry> push) {
        this.context = context;
        this.user = user;
        this.store = store;
        this.settings = settings;
        this.homes = homes;
        this.push = push;
    }

    /** A session attached: everything not acked goes out again, in order, to the sessions now live. */
    void restart() {
        sendReports();
        live = true;
        generation++;
        feeds.clear();
        held.clear();
        loadMemberships();
    }

    /** The last session detached: report what was acked, then forget delivery state. */
    void stop() {
        sendReports();
        live = false;
        generation++;
        feeds.clear();
        held.clear();
        membershipsLoading = false;
    }

    boolean isIdle() {
        return loads == 0 && !reportScheduled;
    }

    /** Handles the feed's commands; false for any other. */
    boolean handle(Command command) {
        if (command instanceof GroupDeliver d) {
            onDeliver(d);
        } else if (command instanceof GroupAcked a) {
            onAcked(a);
        } else if (command instanceof MembershipsLoaded m) {
            onMembershipsLoaded(m);
        } else if (command instanceof EntriesLoaded e) {
            onEntriesLoaded(e);
        } else if (command instanceof SendReports) {
            reportScheduled = false;
            sendReports();
        } else if (command instanceof Retry r) {
            if (r.generation() == generation && live) {
                restart();
            }
        } else {
            return false;
        }
        return true;
    }

    private void loadMemberships() {
        membershipsLoading = true;
        loads++;
        long loadGeneration = generation;
        context.pipeToSelf(store.memberships(user),
                (memberships, failure) -> new MembershipsLoaded(loadGeneration, memberships, failure));
    }

    private void onMembershipsLoaded(MembershipsLoaded loaded) {
        loads--;
        if (loaded.generation() != generation) {
            return;
        }
        membershipsLoading = false;
        if (loaded.failure() != null) {
            context.getLog().warn("reading the groups of user {} failed: {}", user, loaded.failure().toString());
            context.scheduleOnce(RETRY_DELAY, context.getSelf(), new Retry(generation));
            return;
        }
        for (GroupMembership m : loaded.memberships()) {
            feeds.put(m.group(), new Feed(m.deliveredSeq()));
        }
        // A group this user joined after the read began: its entries start at the one that added it.
        held.forEach((group, deliver) -> feeds.computeIfAbsent(group, g -> new Feed(deliver.joinedSeq() - 1)));
        held.clear();
        feeds.forEach(this::drain);
    }

    private void onDeliver(GroupDeliver deliver) {
        if (!live) {
            return; // offline: the entry waits in the group's log
        }
        GroupLogEntry entry = deliver.entry();
        if (membershipsLoading) {
            held.put(entry.group(), deliver);
            return;
        }
        Feed feed = feeds.computeIfAbsent(entry.group(), g -> new Feed(deliver.joinedSeq() - 1));
        if (entry.seq() <= feed.lastRead) {
            return; // read from the store already
        }
        if (feed.loading) {
            feed.deliveredWhileLoading = true;
            feed.backlog = true;
        } else if (!feed.backlog && deliver.previousSeq() == feed.lastPushed && feed.ready.isEmpty()
                && fits(feed, entry)) {
            push(feed, entry);
            report(entry.group(), feed);
        } else {
            feed.backlog = true;
            drain(entry.group(), feed);
        }
    }

    private void onAcked(GroupAcked acked) {
        Feed feed = feeds.get(acked.group());
        InFlight done = feed == null ? null
                : feed.inFlight.remove(EntryKey.of(acked.kind(), acked.sender(), acked.messageId()));
        if (done == null) {
            return; // acked before, or pushed to a session since replaced
        }
        feed.bytesInFlight -= done.bytes();
        report(acked.group(), feed);
        drain(acked.group(), feed);
    }

    private void push(Feed feed, GroupLogEntry entry) {
        feed.lastPushed = entry.seq();
        feed.lastRead = Math.max(feed.lastRead, entry.seq());
        if (isOwnMessage(entry)) {
            return; // the sender has its own message
        }
        feed.inFlight.put(EntryKey.of(entry.kind(), entry.sender(), entry.messageId()),
                new InFlight(entry.seq(), entry.payload().length));
        feed.bytesInFlight += entry.payload().length;
        push.accept(entry);
    }

    private boolean isOwnMessage(GroupLogEntry entry) {
        return entry.kind() == GroupEntryKind.MESSAGE && entry.sender().equals(user);
    }

    /** Whether the window has room for {@code entry}, in count and bytes; with nothing in flight, anything fits. */
    private boolean fits(Feed feed, GroupLogEntry entry) {
        return feed.inFlight.isEmpty() || isOwnMessage(entry) || feed.inFlight.size() < settings.pushWindow()
                && feed.bytesInFlight + entry.payload().length <= settings.pushWindowBytes();
    }

    private void pushReady(Feed feed) {
        while (!feed.ready.isEmpty() && fits(feed, feed.ready.peekFirst())) {
            push(feed, feed.ready.removeFirst());
        }
    }

    /** Schedules telling the group how far its log has reached this user, if it moved. */
    private void report(GroupId group, Feed feed) {
        if (!reportScheduled && cursor(feed) > feed.reported) {
            reportScheduled = true;
            context.scheduleOnce(REPORT_INTERVAL, context.getSelf(), new SendReports());
        }
    }

    /** Tells each group whose cursor moved: every entry before the oldest unacked one has reached this user. */
    private void sendReports() {
        feeds.forEach((group, feed) -> {
            long cursor = cursor(feed);
            if (cursor > feed.reported) {
                feed.reported = cursor;
                homes.ref(GroupEntity.TYPE_KEY, group.value())
                        .tell(new GroupEntity.MemberDelivered(user, cursor));
            }
        });
    }

    private static long cursor(Feed feed) {
        return feed.inFlight.isEmpty() ? feed.lastPushed : feed.inFlight.values().iterator().next().seq() - 1;
    }

    private void drain(GroupId group, Feed feed) {
        if (!live) {
            return;
        }
        pushReady(feed);
        int room = settings.pushWindow() - feed.inFlight.size();
        if (feed.loading || !feed.backlog || !feed.ready.isEmpty() || room <= 0) {
            return;
        }
        feed.loading = true;
        loads++;
        int requested = Math.min(room, settings.drainPage());
        long loadGeneration = generation;
        context.pipeToSelf(store.entriesFor(user, group, feed.lastPushed, requested),
                (entries, failure) -> new EntriesLoaded(loadGeneration, group, entries, requested, failure));
    }

    private void onEntriesLoaded(EntriesLoaded loaded) {
        loads--;
        Feed feed = loaded.generation() == generation ? feeds.get(loaded.group()) : null;
        if (feed == null) {
            return;
        }
        feed.loading = false;
        if (loaded.failure() != null) {
            context.getLog().warn("reading group {} for user {} failed: {}", loaded.group(), user,
                    loaded.failure().toString());
            context.scheduleOnce(RETRY_DELAY, context.getSelf(), new Retry(generation));
            return;
        }
        for (GroupLogEntry entry : loaded.entries()) {
            if (entry.seq() > feed.lastRead) {
                feed.lastRead = entry.seq();
                feed.ready.addLast(entry);
            }
        }
        pushReady(feed);
        if (loaded.entries().size() < loaded.requested() && !feed.deliveredWhileLoading) {
            feed.backlog = false;
        }
        feed.deliveredWhileLoading = false;
        report(loaded.group(), feed);
        drain(loaded.group(), feed);
    }
}

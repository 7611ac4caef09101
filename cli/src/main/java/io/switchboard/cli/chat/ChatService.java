// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli.chat;

import io.switchboard.client.ConnectionClosed;
import io.switchboard.client.GroupMember;
import io.switchboard.client.GroupNotification;
import io.switchboard.client.IdentityChange;
import io.switchboard.client.IncomingMessage;
import io.switchboard.client.Receipt;
import io.switchboard.client.StanzaErrorException;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.protocol.id.MessageId;
import io.switchboard.protocol.id.UserId;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The chat's side of the SDK: what arrives is written to the {@link HistoryStore} <em>before</em> the listener
 * returns (the SDK acknowledges it then, and the server forgets its copy), and the UI thread is told; what the
 * user does becomes SDK calls whose outcome is written back. Keeps logging in until it works, so the chat opens,
 * shows its history and queues messages while the server is away.
 */
final class ChatService implements AutoCloseable {
    private static final Duration RETRY_MIN = Duration.ofSeconds(1);
    private static final Duration RETRY_MAX = Duration.ofSeconds(15);

    private final SwitchboardClient sdk;
    private final HistoryStore store;
    private final Consumer<ChatEvent> events;
    private final Clock clock;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "chat-login");
        t.setDaemon(true);
        return t;
    });
    private final GroupActions groups;
    private final PeerLookup peers;
    private final Set<UserId> watched = new HashSet<>();
    /** Sends not yet acked, so quitting can give them a moment (a new run would have to send them with new ids). */
    private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
    /** Lines failed after 5xx answers: the server may hold them, so {@link #retry} does not send them anew. */
    private final Set<Long> outcomeUnknown = ConcurrentHashMap.newKeySet();

    ChatService(SwitchboardClient sdk, HistoryStore store, Consumer<ChatEvent> events, Clock clock) {
        this.sdk = sdk;
        this.store = store;
        this.events = events;
        this.clock = clock;
        this.groups = new GroupActions(sdk, store, events, this::me);
        this.peers = new PeerLookup(sdk, events);
    }

    /** Creating and changing groups. */
    GroupActions groups() {
        return groups;
    }

    /**
     * Registers every listener. Call before logging in: the SDK leaves a kind of stanza nobody listens to
     * unacknowledged, and what is queued for this user arrives right after login.
     */
    void listen() {
        sdk.onMessage(this::onMessage);
        sdk.onReceipt(this::onReceipt);
        sdk.onGroupNotification(this::onNotification);
        sdk.onTyping(t -> events.accept(new ChatEvent.Typing(t)));
        sdk.onPresence(p -> events.accept(new ChatEvent.Presence(p)));
        sdk.onIdentityChange(this::onIdentityChange);
        sdk.onDisconnect(why -> {
            if (why.errorCode() == ConnectionClosed.REPLACED) {
                // The SDK stops reconnecting: two processes on one DIR would take the connection from each other.
                events.accept(new ChatEvent.Notice("another process logged in with this DIR, so this one is offline"
                        + " now; quit one of them"));
            }
            events.accept(new ChatEvent.HistoryChanged());
        });
    }

    /** This device's user; known once registered, which is before anything is sent or received. */
    private UserId me() {
        return sdk.account().orElseThrow(() -> new IllegalStateException("not registered")).user();
    }

    private void onMessage(IncomingMessage m) {
        ChatId chat = m.group().map(ChatId::of).orElseGet(() -> ChatId.of(m.from()));
        store.addIncoming(chat, m.from(), m.id().value(), m.text(), m.time());
        if (chat.isGroup() && store.title(chat).filter(t -> !t.equals(chat.defaultTitle())).isEmpty()) {
            learnSubject(chat);
        }
        events.accept(new ChatEvent.HistoryChanged());
    }

    /**
     * Asks the server for a group's subject: a group whose creation this history never saw (a directory restored
     * from before it) would otherwise be listed by its id.
     */
    private void learnSubject(ChatId chat) {
        sdk.groupInfo(chat.group()).thenAccept(info -> {
            store.setTitle(chat, info.subject(), info.created());
            events.accept(new ChatEvent.HistoryChanged());
        });
    }

    /**
     * A contact's identity key changed (a reinstall, a new phone, or someone in the middle): said in the
     * conversation itself, where the next message would go, with the command that shows the new safety number.
     */
    private void onIdentityChange(IdentityChange change) {
        Instant now = clock.instant();
        String phone = change.user().phone();
        store.addNote(ChatId.of(change.user()), change.user(), "identity-" + now.toEpochMilli(),
                "the security code of " + phone + " changed; compare: switchboard safety-number --with " + phone,
                now);
        events.accept(new ChatEvent.HistoryChanged());
    }

    private void onReceipt(Receipt r) {
        ChatId chat = r.group().map(ChatId::of).orElseGet(() -> ChatId.of(r.from()));
        store.applyReceipt(chat, r.id().value(), r.type() == Receipt.Type.READ ? Tick.READ : Tick.DELIVERED);
        events.accept(new ChatEvent.HistoryChanged());
    }

    private void onNotification(GroupNotification n) {
        ChatId chat = ChatId.of(n.group());
        if (n.kind() == GroupNotification.Kind.CREATE || n.kind() == GroupNotification.Kind.SUBJECT) {
            n.subject().ifPresent(subject -> store.setTitle(chat, subject, n.time()));
        }
        store.addNote(chat, n.actor(), n.id(), GroupNotes.describe(n, me()), n.time());
        events.accept(new ChatEvent.HistoryChanged());
        events.accept(new ChatEvent.GroupChanged(chat));
    }

    /** Whether a logged-in connection is up. */
    boolean online() {
        return sdk.isLoggedIn();
    }

    /** Logs in now, and again after a growing pause for as long as the server cannot be reached. */
    void connect() {
        connect(RETRY_MIN);
    }

    private void connect(Duration pause) {
        sdk.login().whenComplete((user, error) -> {
            if (error == null) {
                peers.onLogin();
                events.accept(new ChatEvent.HistoryChanged());
                return;
            }
            Throwable cause = unwrap(error);
            if (cause instanceof StanzaErrorException refused && refused.code() < 500) {
                events.accept(new ChatEvent.Notice("the server refused this device (" + refused.getMessage()
                        + "); register again with a new --dir"));
                return;
            }
            if (cause instanceof CancellationException || retries.isShutdown()) {
                return;
            }
            Duration next = pause.multipliedBy(2).compareTo(RETRY_MAX) > 0 ? RETRY_MAX : pause.multipliedBy(2);
            retries.schedule(() -> connect(next), pause.toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    /** Writes {@code text} to the history with a clock and hands it to the SDK, which sends it when it can. */
    void send(ChatId chat, String text) {
        hand(store.addOutgoing(chat, me(), text, clock.instant()));
        events.accept(new ChatEvent.HistoryChanged());
    }

    /**
     * Hands to the SDK what a previous run left unacked. The SDK's queue lived in that process, so these go with
     * new ids: one the server stored just before the last run ended without its ack would arrive twice.
     */
    void resendPending() {
        store.pending().forEach(this::hand);
    }

    /**
     * Sends {@code chat}'s refused messages again, oldest first, and says how many.
     *
     * <p>They go with new ids: the SDK picks every message's id itself ({@link SwitchboardClient#send} takes none).
     * That is safe for a definitive refusal: a 4xx means the server did not store the message under its id, and
     * no keys for the peer, a full outbox or an unwritable id counter mean nothing left this device. It is not safe
     * after a 5xx: the SDK has already resent those with the same id and then given up, and the server may hold
     * the message (504: outcome unknown), so a new id could deliver it twice. Those are left alone, and said so.
     * Only this run knows which failures were 5xx (the history keeps no reason), so after a restart a failure
     * counts as a refusal.
     */
    void retry(ChatId chat) {
        List<ChatMessage> failed = store.failed(chat);
        int sent = 0;
        for (ChatMessage line : failed) {
            if (!outcomeUnknown.contains(line.localId())) {
                hand(store.requeue(line.localId()));
                sent++;
            }
        }
        int left = failed.size() - sent;
        String notice = failed.isEmpty() ? "no failed messages in this chat"
                : "sending " + sent + " failed " + (sent == 1 ? "message" : "messages") + " again";
        if (left > 0) {
            notice += "; " + left + " not: the server may have stored " + (left == 1 ? "it" : "them")
                    + " (it answered 5xx), and a second copy could arrive";
        }
        events.accept(new ChatEvent.Notice(notice));
        events.accept(new ChatEvent.HistoryChanged());
    }

    private void hand(ChatMessage line) {
        ChatId chat = line.chat();
        var ack = chat.isGroup() ? sdk.sendToGroup(chat.group(), line.text()) : sdk.send(chat.user(), line.text());
        inFlight.add(ack);
        ack.whenComplete((done, error) -> {
            inFlight.remove(ack);
            if (error == null) {
                store.markSent(line.localId(), done.id().value(), done.time());
            } else if (unwrap(error) instanceof CancellationException) {
                return;  // this client closed first: still pending, sent again by the next run
            } else {
                if (unwrap(error) instanceof StanzaErrorException refused && refused.code() >= 500) {
                    outcomeUnknown.add(line.localId());
                }
                store.markFailed(line.localId());
                events.accept(new ChatEvent.Notice("not sent: " + unwrap(error).getMessage()));
            }
            events.accept(new ChatEvent.HistoryChanged());
        });
    }

    /**
     * Sends read receipts for {@code unread}, incoming messages a frame just showed, and records them as seen. In a
     * group one receipt for the latest covers every earlier message.
     */
    void markShown(List<ChatMessage> unread) {
        if (unread.isEmpty()) {
            return;
        }
        store.markSeen(unread.stream().map(ChatMessage::localId).toList());
        ChatMessage latest = unread.get(unread.size() - 1);
        if (latest.chat().isGroup()) {
            sdk.markGroupRead(latest.chat().group(), latest.sender(), new MessageId(latest.id().orElseThrow()));
        } else {
            for (ChatMessage m : unread) {
                sdk.markRead(m.sender(), new MessageId(m.id().orElseThrow()));
            }
        }
    }

    /** Tells the peer of a 1:1 chat that this user is (or stopped) typing; a hint, dropped when offline. */
    void typing(ChatId chat, boolean composing) {
        if (!chat.isGroup()) {
            sdk.sendTyping(chat.user(), composing);
        }
    }

    /**
     * What the header of {@code chat} needs: the peer's presence (subscribed once per peer), or the group's
     * members (asked each time, since they change; not at all while offline).
     */
    void watch(ChatId chat) {
        if (chat.isGroup()) {
            if (sdk.isLoggedIn()) {
                sdk.groupInfo(chat.group()).thenAccept(info -> events.accept(new ChatEvent.Members(chat,
                        info.members().stream().map(GroupMember::user).toList())));
            }
        } else {
            peers.check(chat.user());
            if (watched.add(chat.user())) {
                sdk.subscribePresence(chat.user());
            }
        }
    }

    /**
     * While connected, waits up to {@code limit} for the acks of messages still in flight. What is not acked by
     * then stays pending in the history and is sent by the next run, with a new id.
     */
    void settle(Duration limit) {
        if (inFlight.isEmpty() || !sdk.isLoggedIn()) {
            return;
        }
        try {
            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new))
                    .get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // a refusal is already in the history; the rest stays pending for the next run
        }
    }

    @Override
    public void close() {
        retries.shutdownNow();
    }

    static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import io.netty.channel.EventLoop;
import io.switchboard.crypto.SignalX25519;
import io.switchboard.protocol.id.GroupId;
import io.switchboard.protocol.id.MessageId;
import io.switchboard.protocol.id.UserId;
import io.switchboard.protocol.node.Node;
import io.switchboard.protocol.noise.X25519;
import io.switchboard.protocol.noise.X25519KeyPair;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * The Java SDK: register a phone number, log in, send messages and read receipts, receive messages and receipts,
 * watch presence and typing, create and run groups, over one {@link SwitchboardConnection} at a time that is
 * re-established automatically.
 *
 * <p>Guarantees: a message's future completes only with the server's ack (durable on the server, one check).
 * Until then it stays in the outbox and, after a disconnect, is sent again <em>with the same id</em> on the next
 * connection, so the server stores it once. Received messages and receipts are acknowledged after the listeners
 * return (so the server deletes its copy and sends the delivery receipt); a listener that throws leaves the message
 * unacknowledged, to be delivered again, and a kind nobody listens to is not acknowledged at all. After the first
 * successful login, lost connections are retried with jittered exponential backoff, each attempt starting at the
 * next server address; a refused login (401) or a
 * session replaced by a newer login of this device (409) stops the retries. Presence subscriptions are sent again
 * after every login; typing notifications are hints, sent only while connected.
 *
 * <p>Groups (PROTOCOL.md §13): group messages and group read receipts share the outbox and its guarantees with 1:1
 * ones; group changes are requests answered once (no retry: a timed out change may or may not have happened, and
 * {@link #groupInfo} tells which). Incoming group messages and receipts reach {@link #onMessage} and
 * {@link #onReceipt} with their group set; changes reach {@link #onGroupNotification}, acknowledged the same way.
 *
 * <p>All state is confined to one event loop; public methods may be called from any thread and return futures.
 * Listeners run on that event loop and must not block.
 */
public final class SwitchboardClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SwitchboardClient.class);

    private final ClientSettings settings;
    private final ClientTransport transport;
    private final boolean ownsTransport;
    private final X25519 x25519;
    private final ClientDirectory directory;
    private final MessageIdAllocator ids;
    private final EventLoop loop;
    private final Backoff backoff;
    private final Outbox outbox;
    private final SendPacer pacer = new SendPacer();
    private final Inbox inbox = new Inbox();
    private final Presence presence = new Presence();
    private final Requests requests;
    private final EndToEnd e2e;
    private final GroupSealer groupSealer;
    private final List<CompletableFuture<Void>> loginWaiters = new ArrayList<>();
    private final List<Consumer<ConnectionClosed>> disconnectListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<WireEvent>> wireListeners = new CopyOnWriteArrayList<>();
    private volatile Account account;
    private volatile boolean loggedIn;
    private X25519KeyPair deviceKey;
    private byte[] serverKey;
    private SwitchboardConnection connection;
    private long connectionNumber;
    private boolean registering;
    private boolean reconnect;
    private boolean closed;
    private int rotation;
    private CompletableFuture<UserId> pendingLogin;

    private SwitchboardClient(ClientSettings settings, ClientTransport transport, boolean ownsTransport,
            X25519 x25519, ClientDirectory directory) throws IOException {
        this.settings = settings;
        this.transport = transport;
        this.ownsTransport = ownsTransport;
        this.x25519 = x25519;
        this.directory = directory;
        this.ids = directory.messageIds();
        this.loop = transport.nextLoop();
        this.backoff = new Backoff(settings.backoffInitial(), settings.backoffMax(), RandomGenerator.getDefault());
        this.outbox = new Outbox(settings.maxPending());
        this.requests = new Requests(loop, settings.requestTimeout());
        this.account = directory.account().orElse(null);
        this.deviceKey = directory.deviceKey(x25519).orElse(null);
        this.serverKey = directory.serverKey().orElse(null);
        EndToEnd[] self = new EndToEnd[1];
        this.e2e = new EndToEnd(new Encryption(SignalStore.open(directory.path().resolve("signal"),
                address -> self[0].onIdentityReplaced(address))), loop);
        self[0] = e2e;
        e2e.link(this::requestWhenLoggedIn);
        this.groupSealer = new GroupSealer(e2e, new GroupKeys(directory.path().resolve("signal").resolve("groups")),
                loop, group -> requestWhenLoggedIn(Groups.info(group)::iq).thenApply(Groups.info(group).reply()),
                this::sendPairwise);
        inbox.open((from, group, enc) -> group.isPresent()
                        ? Plaintext.decode(e2e.encryption().decryptGroup(from, enc)) : e2e.open(from, enc),
                (from, key) -> e2e.encryption().processSenderKey(from, key.distribution()));
        inbox.onGroupChange(n -> groupSealer.onChange(n.group(), n.kind()));
    }

    /**
     * A client on the directory and servers of {@code settings}, on its own one-thread transport and libsignal's
     * X25519. Nothing connects until {@link #register}, {@link #verify} or {@link #login}.
     *
     * @throws IOException if the client directory cannot be created or read
     */
    public static SwitchboardClient open(ClientSettings settings) throws IOException {
        ClientTransport transport = ClientTransport.create(1);
        try {
            return new SwitchboardClient(settings, transport, true, new SignalX25519(),
                    ClientDirectory.open(settings.directory()));
        } catch (IOException | RuntimeException e) {
            transport.close();
            throw e;
        }
    }

    /**
     * A client on a shared transport (many clients in one process); the caller closes the transport.
     *
     * @throws IOException if the client directory cannot be created or read
     */
    public static SwitchboardClient open(ClientSettings settings, ClientTransport transport, X25519 x25519)
            throws IOException {
        return new SwitchboardClient(settings, transport, false, x25519, ClientDirectory.open(settings.directory()));
    }

    /** The registered account, if any. */
    public Optional<Account> account() {
        return Optional.ofNullable(account);
    }

    /** Whether a logged-in connection is up right now. */
    public boolean isLoggedIn() {
        return loggedIn;
    }

    /** Called for each message delivered to this client, before it is acknowledged. */
    public void onMessage(Consumer<IncomingMessage> listener) {
        inbox.addMessageListener(listener);
    }

    /**
     * Whether a message that arrives without end-to-end encryption (a {@code <body>}: from a client that does not
     * encrypt, or made up by a server, since nothing proves who wrote it) reaches {@link #onMessage}. Off by
     * default: such a message is acknowledged and dropped with a warning. For tools and tests that speak plaintext.
     */
    public void acceptUnencrypted(boolean accept) {
        inbox.acceptUnencrypted(accept);
    }

    /** Called for each delivery or read receipt for a message this client sent, before it is acknowledged. */
    public void onReceipt(Consumer<Receipt> listener) {
        inbox.addReceiptListener(listener);
    }

    /**
     * Called for each change to a group this user is in (or was just added to or removed from), in the group's
     * order, before it is acknowledged; a notification seen before is acknowledged without calling again.
     */
    public void onGroupNotification(Consumer<GroupNotification> listener) {
        inbox.addNotificationListener(listener);
    }

    /** Called for each presence update of a user this client subscribed to, on the client's event loop. */
    public void onPresence(Consumer<PresenceUpdate> listener) {
        presence.addPresenceListener(listener);
    }

    /** Called when a peer starts or stops typing to this user; only while connected, never replayed. */
    public void onTyping(Consumer<TypingUpdate> listener) {
        presence.addTypingListener(listener);
    }

    /**
     * Called when a peer's identity key changed (it re-registered): the server said so, or a message or bundle
     * carried a new key. Messages keep flowing on a new session; the safety number changed.
     */
    public void onIdentityChange(Consumer<IdentityChange> listener) {
        e2e.addIdentityListener(listener);
    }

    /**
     * The safety number of this user and {@code peer} (60 digits in groups of 5, the same on both phones), to
     * compare out of band; empty before the two exchanged a message.
     *
     * @throws IllegalStateException (in the future) when no account is registered
     */
    public CompletableFuture<Optional<String>> safetyNumber(UserId peer) {
        Objects.requireNonNull(peer, "peer");
        return onLoop(() -> {
            if (account == null) {
                throw new IllegalStateException("no account in " + directory.path() + "; register first");
            }
            return CompletableFuture.completedFuture(e2e.encryption().safetyNumber(account.user(), peer));
        });
    }

    /** Called when a connection ends, with the server's error code if it sent one (409: replaced). */
    public void onDisconnect(Consumer<ConnectionClosed> listener) {
        disconnectListeners.add(Objects.requireNonNull(listener));
    }

    /**
     * Called for every node sent or received on this client's connections from the next one made on, pings and acks
     * included, with the size of its frame on the wire; for tools that show the protocol at work (the
     * {@code switchboard demo}). A client nobody taps does not encode anything twice. Runs on the event loop, in
     * wire order, and must not block.
     */
    public void onWire(Consumer<WireEvent> listener) {
        wireListeners.add(Objects.requireNonNull(listener));
    }

    /**
     * Asks the server to send a registration code to {@code phone}; creates the device key if there is none. The
     * registration connection stays open for {@link #verify}.
     *
     * @return the code's expiry (and, from a dev-mode server, the code); fails with {@link StanzaErrorException}
     *     (400 bad number, 429 rate limited), {@link ConnectionFailedException}, or {@link IllegalStateException}
     *     when already logged in
     * @throws IllegalArgumentException if {@code phone} is not an E.164 number such as {@code +15551230002}
     */
    public CompletableFuture<RegistrationCode> register(String phone) {
        UserId user = UserId.fromPhone(phone);
        return onLoop(() -> registrationConnection()
                .thenCompose(conn -> requests.send(conn, id -> Stanzas.registerRequest(id, user)))
                .thenApply(Stanzas::registrationCode));
    }

    /**
     * Verifies the code sent to {@code phone}. On success the account is stored in the client directory and this
     * client is logged in, with automatic reconnects from then on.
     *
     * @return the user now logged in, once this device's encryption keys are published; fails with
     *     {@link StanzaErrorException} (401 wrong code, 403 locked, 404 no pending code, 410 expired, 429 rate
     *     limited; or the key directory's codes of PROTOCOL.md §14.5) or {@link ConnectionFailedException}
     * @throws IllegalArgumentException if {@code phone} is not an E.164 number
     */
    public CompletableFuture<UserId> verify(String phone, String code) {
        UserId user = UserId.fromPhone(phone);
        Objects.requireNonNull(code, "code");
        return onLoop(() -> registrationConnection()
                .thenCompose(conn -> requests.send(conn, id -> Stanzas.verifyRequest(id, user, code))
                        .thenApply(reply -> onVerified(reply))
                        // The account is stored only once its keys are published: a registration cut off before
                        // (Ctrl-C, a lost connection) leaves a directory that says "register first", not an
                        // account nobody can write to (404 for its missing keys), and a re-run completes it.
                        .thenCompose(verified -> e2e.syncKeys().thenApply(published -> stored(conn, verified)))));
    }

    /**
     * Logs in with the device key of the client directory, trying each server address once. After this succeeds,
     * lost connections are re-established automatically.
     *
     * @return the logged-in user; fails with {@link IllegalStateException} when the directory has no account,
     *     {@link StanzaErrorException} (401: the server does not know this device key) or
     *     {@link ConnectionFailedException} when no server could be reached
     */
    public CompletableFuture<UserId> login() {
        return onLoop(() -> {
            if (account == null || deviceKey == null) {
                throw new IllegalStateException("no account in " + directory.path() + "; register first");
            }
            if (loggedIn) {
                return CompletableFuture.completedFuture(account.user());
            }
            if (pendingLogin == null) {
                pendingLogin = new CompletableFuture<>();
                connectForLogin(true);
            }
            return pendingLogin;
        });
    }

    /**
     * Sends a text message with the next id of this device, end-to-end encrypted (PROTOCOL.md §14.6): with no
     * session yet, the recipient's key bundle is fetched first (once logged in). Queued if not connected; resent
     * with the same id (and ciphertext) after a reconnect until acknowledged.
     *
     * @return completes with the server's ack (one check); fails with {@link StanzaErrorException} if the server
     *     refused the message or has no keys for {@code to} (404: not registered; 413: {@code to}'s mailbox is full
     *     or this account's storage quota is used up, PROTOCOL.md §6.2: nothing was stored, and the exception's
     *     message is the server's sentence for the user; send again once the recipient has come online),
     *     {@link RejectedExecutionException} when {@code maxPending} messages already await their ack,
     *     {@link CancellationException} if the client is closed first, {@link IOException} if the id
     *     counter cannot be stored
     */
    public CompletableFuture<MessageAck> send(UserId to, String text) {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(text, "text");
        return onLoop(() -> {
            checkAccepting();
            MessageId id = ids.next();
            return e2e.seal(to, new Plaintext.Text(text))
                    .thenCompose(enc -> enqueue("m" + id, Stanzas.encryptedMessage(to.address(), id, enc)))
                    .thenApply(ack -> new MessageAck(id, to, Stanzas.time(ack)));
        });
    }

    /**
     * Whether {@code user} is on Switchboard (has registered and published keys), to say so before a message is
     * refused with 404. Costs nothing when a session with {@code user} exists; otherwise it fetches the bundle the
     * first message would fetch (consuming one of the user's one-time keys) and keeps the session for that message.
     *
     * @return {@code false} when the server has no keys for {@code user}; fails with {@link IllegalStateException}
     *     when not logged in, {@link StanzaErrorException} (429 rate limited), {@link ConnectionFailedException}
     */
    public CompletableFuture<Boolean> isRegistered(UserId user) {
        Objects.requireNonNull(user, "user");
        return onLoop(() -> {
            checkOpen();
            if (!loggedIn || connection == null) {
                throw new IllegalStateException("not logged in");
            }
            return e2e.prepare(user);
        });
    }

    /**
     * Tells {@code sender} that its message {@code id} was read (blue checks); resent after reconnects until the
     * server acknowledges it.
     *
     * @return completes with the server's ack; fails as {@link #send} does
     */
    public CompletableFuture<Void> markRead(UserId sender, MessageId id) {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(id, "id");
        return onLoop(() -> {
            checkAccepting();
            return enqueue("r" + sender.address() + " " + id, Stanzas.readReceipt(sender, id)).thenApply(ack -> null);
        });
    }

    /**
     * Sends a text message to a group, as {@link #send} does: queued if not connected, resent with the same id after
     * a reconnect until acknowledged. Members get it in the group's order. Encrypted once with this device's sender
     * key for the group ({@code skmsg}); members that do not have that key yet get it first, pairwise encrypted, and
     * after a member is removed or leaves a new key is made that only the remaining members get.
     *
     * @return completes with the server's ack (one check); fails with {@link StanzaErrorException} if the server
     *     refused it (403 not a member or announce-only, 404 no such group), and otherwise as {@link #send} does
     */
    public CompletableFuture<MessageAck> sendToGroup(GroupId group, String text) {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(text, "text");
        return onLoop(() -> {
            checkAccepting();
            if (account == null) {
                throw new IllegalStateException("no account in " + directory.path() + "; register first");
            }
            MessageId id = ids.next();
            return groupSealer.seal(account.user(), group, new Plaintext.Text(text))
                    .thenCompose(enc -> enqueue("m" + id, Stanzas.encryptedMessage(group.address(), id, enc)))
                    .thenApply(ack -> MessageAck.ofGroup(id, group, Stanzas.time(ack)));
        });
    }

    /**
     * Marks {@code sender}'s message {@code id} in {@code group} read, and with it every earlier message of the
     * group; resent after reconnects until the server acknowledges it.
     *
     * @return completes with the server's ack; fails as {@link #send} does
     */
    public CompletableFuture<Void> markGroupRead(GroupId group, UserId sender, MessageId id) {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(id, "id");
        return onLoop(() -> {
            checkAccepting();
            // The server's ack names only the group and the id; the sender keeps two senders' equal ids apart here.
            return enqueue("r" + group.address() + " " + id + " " + sender.address(),
                    GroupStanzas.readReceipt(group, sender, id)).thenApply(ack -> null);
        });
    }

    /**
     * Creates a group with this user as its first admin and {@code members} (numbers not yet registered too).
     *
     * @return the new group; fails with {@link StanzaErrorException} (400, 406 past 1,024 members),
     *     {@link IllegalStateException} when not logged in, {@link java.util.concurrent.TimeoutException}
     * @throws IllegalArgumentException if the subject is blank or over 100 characters, or more than 1,024 members
     *     are named
     */
    public CompletableFuture<GroupInfo> createGroup(String subject, Collection<UserId> members) {
        return groupRequest(Groups.create(subject, members));
    }

    /**
     * Adds members (admins only); members already in are skipped.
     *
     * @return the group after the change; fails with {@link StanzaErrorException} (403 not an admin, 404 no such
     *     group, 406 past 1,024 members), or as {@link #createGroup} does
     * @throws IllegalArgumentException if no member or more than 1,024 are named
     */
    public CompletableFuture<GroupInfo> addMembers(GroupId group, Collection<UserId> members) {
        // The member list is read again now, not when the server's notification of the add comes: a message
        // sent right after must carry this device's sender key to the new members, or they cannot open it.
        return groupRequest(Groups.members("add", group, members)).thenApplyAsync(info -> {
            groupSealer.onChange(group, GroupNotification.Kind.ADD);
            return info;
        }, loop);
    }

    /**
     * Removes members (admins only); non-members are skipped.
     *
     * @return the group after the change; fails as {@link #addMembers} does
     * @throws IllegalArgumentException if no member or more than 1,024 are named
     */
    public CompletableFuture<GroupInfo> removeMembers(GroupId group, Collection<UserId> members) {
        return groupRequest(Groups.members("remove", group, members)).thenApplyAsync(info -> {
            groupSealer.onChange(group, GroupNotification.Kind.REMOVE);
            return info;
        }, loop);
    }

    /**
     * Makes members admins (admins only).
     *
     * @return the group after the change; fails as {@link #addMembers} does, and with 400 if one is not a member
     * @throws IllegalArgumentException if no member or more than 1,024 are named
     */
    public CompletableFuture<GroupInfo> promoteMembers(GroupId group, Collection<UserId> members) {
        return groupRequest(Groups.members("promote", group, members));
    }

    /**
     * Makes admins plain members (admins only).
     *
     * @return the group after the change; fails as {@link #promoteMembers} does
     * @throws IllegalArgumentException if no member or more than 1,024 are named
     */
    public CompletableFuture<GroupInfo> demoteMembers(GroupId group, Collection<UserId> members) {
        return groupRequest(Groups.members("demote", group, members));
    }

    /**
     * Leaves a group. The last admin may leave only as the last member: promote someone first.
     *
     * @return completes once left; fails with {@link StanzaErrorException} (403 last admin, 404), or as
     *     {@link #createGroup} does
     */
    public CompletableFuture<Void> leaveGroup(GroupId group) {
        return groupRequest(Groups.leave(group)).thenApplyAsync(done -> {
            groupSealer.onChange(group, GroupNotification.Kind.LEAVE);
            return done;
        }, loop);
    }

    /**
     * Renames a group (admins only).
     *
     * @return the group after the change; fails as {@link #addMembers} does
     * @throws IllegalArgumentException if the subject is blank or over 100 characters
     */
    public CompletableFuture<GroupInfo> setGroupSubject(GroupId group, String subject) {
        return groupRequest(Groups.subject(group, subject));
    }

    /**
     * Sets a group's description (admins only); the empty string clears it.
     *
     * @return the group after the change; fails as {@link #addMembers} does
     * @throws IllegalArgumentException if the description is over 512 characters
     */
    public CompletableFuture<GroupInfo> setGroupDescription(GroupId group, String description) {
        return groupRequest(Groups.description(group, description));
    }

    /**
     * Lets only admins send ({@code true}) or everyone ({@code false}); admins only.
     *
     * @return the group after the change; fails as {@link #addMembers} does
     */
    public CompletableFuture<GroupInfo> setAnnounceOnly(GroupId group, boolean announceOnly) {
        return groupRequest(Groups.announceOnly(group, announceOnly));
    }

    /**
     * Reads a group's current state (members only).
     *
     * @return fails with {@link StanzaErrorException} (403 not a member, 404), or as {@link #createGroup} does
     */
    public CompletableFuture<GroupInfo> groupInfo(GroupId group) {
        return groupRequest(Groups.info(group));
    }

    /**
     * The groups this user is a member of now, each with its subject, member count and whether this user is an
     * admin; groups it left or was removed from are not listed.
     *
     * @return up to 1,024 groups, in group id order (the server names no more in one answer); fails as
     *     {@link #createGroup} does, with 429 past the group request rate and 503 when the server cannot read them
     */
    public CompletableFuture<List<GroupSummary>> listGroups() {
        return groupRequest(Groups.list());
    }

    /**
     * The group's invite code (admins only), made on the first request; anyone holding it can {@link #joinGroup}.
     *
     * @return the code; fails as {@link #addMembers} does
     */
    public CompletableFuture<String> groupInviteCode(GroupId group) {
        return groupRequest(Groups.inviteCode(group, false));
    }

    /**
     * Replaces the group's invite code (admins only); the old one stops working at once.
     *
     * @return the new code; fails as {@link #addMembers} does
     */
    public CompletableFuture<String> revokeGroupInvite(GroupId group) {
        return groupRequest(Groups.inviteCode(group, true));
    }

    /**
     * Joins the group an invite code belongs to; joining a group this user is in changes nothing.
     *
     * @return the group; fails with {@link StanzaErrorException} (404 no group has this code, 406 full), or as
     *     {@link #createGroup} does
     * @throws IllegalArgumentException if {@code code} is blank, has spaces or is over 64 characters
     */
    public CompletableFuture<GroupInfo> joinGroup(String code) {
        return groupRequest(Groups.join(code));
    }

    /**
     * How far this user's message {@code id} got with each member it was sent to.
     *
     * @return one entry per member, other than the sender, who was in the group when it was sent and still is;
     *     fails with {@link StanzaErrorException} (404 the message is no longer in the group's log), or as
     *     {@link #createGroup} does
     */
    public CompletableFuture<List<MemberReceipt>> groupReceipts(GroupId group, MessageId id) {
        return groupRequest(Groups.receipts(group, id));
    }

    /**
     * Subscribes to {@code user}'s presence: {@link #onPresence} listeners get its current state, then every change.
     * The subscription lasts until {@link #unsubscribePresence} or {@link #close}, across reconnects (the client
     * subscribes again after each login).
     *
     * @return completes once the subscription is recorded (and sent, if connected)
     * @throws IllegalStateException (in the future) past 1,000 subscriptions, or when the client is closed
     */
    public CompletableFuture<Void> subscribePresence(UserId user) {
        Objects.requireNonNull(user, "user");
        return onLoop(() -> {
            checkOpen();
            presence.add(user);
            sendIfConnected(Presence.subscribe(user));
            return CompletableFuture.completedFuture(null);
        });
    }

    /** Ends a subscription of {@link #subscribePresence}; unknown users are ignored. */
    public CompletableFuture<Void> unsubscribePresence(UserId user) {
        Objects.requireNonNull(user, "user");
        return onLoop(() -> {
            if (presence.remove(user)) {
                sendIfConnected(Presence.unsubscribe(user));
            }
            return CompletableFuture.completedFuture(null);
        });
    }

    /**
     * Tells {@code to} that this user is typing ({@code composing}) or stopped. A hint: sent only if connected
     * right now, never queued or retried; the server drops it when {@code to} is offline or this client sends
     * more than 10 a second.
     *
     * @return completes when handed to the connection; {@code false} when not connected and dropped
     */
    public CompletableFuture<Boolean> sendTyping(UserId to, boolean composing) {
        Objects.requireNonNull(to, "to");
        return onLoop(() -> CompletableFuture.completedFuture(sendIfConnected(Presence.typing(to, composing))));
    }

    /**
     * Sets who may see this user's last seen. {@link LastSeenPrivacy#NOBODY} also hides others' last seen from it.
     *
     * @return completes once the server stored it; fails with {@link StanzaErrorException} if it could not, or
     *     {@link IllegalStateException} when not logged in
     */
    public CompletableFuture<LastSeenPrivacy> setLastSeenPrivacy(LastSeenPrivacy privacy) {
        Objects.requireNonNull(privacy, "privacy");
        return privacyRequest(privacy);
    }

    /**
     * Reads this user's last seen privacy from the server.
     *
     * @return fails with {@link IllegalStateException} when not logged in
     */
    public CompletableFuture<LastSeenPrivacy> lastSeenPrivacy() {
        return privacyRequest(null);
    }

    private CompletableFuture<LastSeenPrivacy> privacyRequest(LastSeenPrivacy privacy) {
        return request(id -> Presence.privacyRequest(id, privacy), Presence::privacy);
    }

    private <T> CompletableFuture<T> groupRequest(GroupRequest<T> request) {
        return request(request::iq, request.reply());
    }

    /** Sends an {@code <iq>} on the logged-in connection; not retried, since the connection's end fails it. */
    private <T> CompletableFuture<T> request(Function<String, Node> build, Function<Node, T> read) {
        return onLoop(() -> {
            if (!loggedIn || connection == null) {
                throw new IllegalStateException("not logged in");
            }
            return requests.send(connection, build).thenApply(read);
        });
    }

    /** Queues {@code node} in the outbox until its ack, sending it now if connected; completes with the ack. */
    private CompletableFuture<Node> enqueue(String key, Node node) {
        Outbox.Entry entry = outbox.add(key, node);
        drainOutbox();
        return entry.acked;
    }

    private boolean sendIfConnected(Node node) {
        if (!loggedIn || connection == null) {
            return false;
        }
        connection.send(node);
        return true;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the client is closed");
        }
    }

    /** Closes the connection, stops reconnecting, fails what still awaits an ack. Idempotent. */
    @Override
    public void close() {
        CompletableFuture<Void> done = onLoop(() -> {
            closed = true;
            reconnect = false;
            if (connection != null) {
                connection.close();
            }
            CancellationException cause = new CancellationException("the client was closed");
            outbox.failAll(cause);
            requests.failAll(cause);
            loginWaiters.forEach(w -> w.completeExceptionally(cause));
            loginWaiters.clear();
            failLogin(cause);
            return CompletableFuture.completedFuture(null);
        });
        try {
            done.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("client close did not finish cleanly: {}", e.toString());
        } finally {
            if (ownsTransport) {
                transport.close();
            }
        }
    }

    private CompletableFuture<SwitchboardConnection> registrationConnection() throws IOException {
        if (loggedIn) {
            throw new IllegalStateException("already logged in as " + account.user());
        }
        if (connection != null && registering) {
            return CompletableFuture.completedFuture(connection);
        }
        deviceKey = directory.deviceKeyOrCreate(x25519);
        SwitchboardConnection conn = newConnection();
        return conn.connect(addresses(), Stanzas.REGISTER).thenApply(first -> {
            if (!Stanzas.isSuccess(first) || !"register".equals(first.attr("mode"))) {
                conn.close();
                throw new CompletionException(Stanzas.error(first));
            }
            connection = conn;
            connectionNumber++;
            registering = true;
            return conn;
        });
    }

    private Account onVerified(Node reply) {
        Node success = reply.child("success");
        if (success == null || success.attr("user") == null) {
            throw new CompletionException(new StanzaErrorException(0, "unexpected verify reply: " + reply));
        }
        Account verified = new Account(UserId.fromAddress(success.attr("user")),
                Stanzas.parseInt(success.attr("device"), 0));
        account = verified;
        registering = false;
        onLoggedIn();
        return verified;
    }

    private UserId stored(SwitchboardConnection conn, Account verified) {
        try {
            pinServerKey(conn);
            directory.saveAccount(verified);  // last: account.properties is what makes the directory registered
        } catch (IOException e) {
            throw new CompletionException(e);
        }
        return verified.user();
    }

    private void connectForLogin(boolean first) {
        if (closed) {
            return;
        }
        SwitchboardConnection conn = newConnection();
        conn.connect(addresses(), Stanzas.LOGIN).whenComplete((reply, error) -> inLoop(() -> {
            if (closed) {
                conn.close();
            } else if (error != null || !conn.isOpen()) {
                if (first) {
                    failLogin(error != null ? unwrap(error) : new ConnectionFailedException("closed at login",
                            null, null));
                } else {
                    scheduleReconnect();
                }
            } else if (!Stanzas.isSuccess(reply)) {
                conn.close();
                StanzaErrorException refused = Stanzas.error(reply);
                if (!first && refused.code() >= 500) {
                    // The server is busy (a reconnect storm, a slow store): try again later, as after a lost
                    // connection. Only a refusal of the account itself (401) ends the retries.
                    scheduleReconnect();
                } else {
                    reconnect = false;
                    failLogin(refused);
                }
            } else {
                connection = conn;
                connectionNumber++;
                try {
                    pinServerKey(conn);
                } catch (IOException e) {
                    log.warn("could not store the server key in {}: {}", directory.path(), e.toString());
                }
                onLoggedIn();
                e2e.syncKeys().whenComplete((done, failure) -> {
                    // A client closed before the upload's answer (inbox --wait 0) cancelled it: nothing went wrong,
                    // and the next login publishes what is missing.
                    if (failure != null && !closed) {
                        log.warn("could not publish this device's encryption keys: {}", unwrap(failure).toString());
                    }
                });
                if (pendingLogin != null) {
                    CompletableFuture<UserId> login = pendingLogin;
                    pendingLogin = null;
                    login.complete(account.user());
                }
            }
        }));
    }

    private void onLoggedIn() {
        loggedIn = true;
        reconnect = true;
        backoff.reset();
        presence.resubscriptions().forEach(connection::send);
        drainOutbox();
        List<CompletableFuture<Void>> waiting = new ArrayList<>(loginWaiters);
        loginWaiters.clear();
        waiting.forEach(w -> w.complete(null));
    }

    /** A sender key distribution message (sealed as {@code enc}) to {@code member}, through the outbox. */
    private CompletableFuture<Node> sendPairwise(UserId member, Node enc) {
        MessageId id;
        try {
            id = ids.next();
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        return enqueue("m" + id, Stanzas.encryptedMessage(member.address(), id, enc));
    }

    /** Sends an {@code <iq>} on the logged-in connection, waiting for the next login if there is none now. */
    private CompletableFuture<Node> requestWhenLoggedIn(Function<String, Node> build) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("the client is closed"));
        }
        if (loggedIn && connection != null) {
            return requests.send(connection, build);
        }
        CompletableFuture<Void> login = new CompletableFuture<>();
        loginWaiters.add(login);
        return login.thenCompose(x -> requests.send(connection, build));
    }

    private void scheduleReconnect() {
        if (closed || !reconnect) {
            return;
        }
        long delay = backoff.next().toMillis();
        log.debug("reconnecting in {} ms (attempt {})", delay, backoff.failures());
        loop.schedule(() -> connectForLogin(false), delay, TimeUnit.MILLISECONDS);
    }

    private void onConnectionClosed(SwitchboardConnection conn, ConnectionClosed why) {
        if (conn != connection) {
            return;
        }
        connection = null;
        loggedIn = false;
        registering = false;
        requests.failAll(new ConnectionFailedException("the connection closed", why, null));
        if (why.errorCode() == ConnectionClosed.REPLACED) {
            reconnect = false;
        }
        disconnectListeners.forEach(l -> l.accept(why));
        scheduleReconnect();
    }

    private void onNode(SwitchboardConnection conn, Node node) {
        if (conn != connection) {
            return;
        }
        switch (node.tag()) {
            case "ack" -> onAck(node);
            case "message" -> inbox.onMessage(conn, node);
            case "receipt" -> inbox.onReceipt(conn, node);
            case "notification" -> {
                if (node.attr("type") == null) {
                    inbox.onNotification(conn, node);
                } else {
                    onKeyNotification(conn, node);
                }
            }
            case "iq" -> requests.onReply(node);
            case "presence" -> presence.onPresence(node);
            case "chatstate" -> presence.onTyping(node);
            // The SDK sends only stanzas the server knows, so this is a version mismatch worth an operator's eye.
            case "error" -> log.warn("the server refused <{}> id {}: {} {}", node.attr("class"), node.attr("id"),
                    node.attr("code"), node.attr("text"));
            default -> log.debug("ignoring <{}> from the server", node.tag());
        }
    }

    /** A key notification (PROTOCOL.md §14.4), acked once handled: a top-up uploaded, a dropped session. */
    private void onKeyNotification(SwitchboardConnection conn, Node node) {
        String type = node.attr("type");
        Node ack = Node.builder("ack").attr("class", "notification").attr("type", type)
                .attr("from", node.attr("from")).attr("id", node.attr("id")).build();
        if ("prekeys".equals(type)) {
            e2e.onPrekeysLow().whenComplete((done, failure) -> {
                if (failure == null) {
                    conn.send(ack);
                } else {
                    log.warn("could not top up one-time prekeys: {}", unwrap(failure).toString());
                }
            });
        } else if ("identity".equals(type)) {
            try {
                e2e.onIdentityNotice(UserId.fromAddress(node.attr("from")));
            } catch (IllegalArgumentException e) {
                log.warn("ignoring an identity notification with a bad 'from': {}", node);
            }
            conn.send(ack);
        } else {
            log.debug("acknowledging a notification of a type this client does not know: {}", node);
            conn.send(ack);
        }
    }

    private void onAck(Node ack) {
        String id = String.valueOf(ack.attr("id"));
        Outbox.Entry entry;
        if ("receipt".equals(ack.attr("class"))) {
            String to = ack.attr("to");
            if (to == null) {
                entry = outbox.removeFirstEndingWith("r", " " + id);
            } else if (GroupId.isGroupAddress(to)) {
                entry = outbox.removeFirstStartingWith("r" + to + " " + id + " ");
            } else {
                entry = outbox.remove("r" + to + " " + id);
            }
        } else {
            entry = outbox.remove("m" + id);
        }
        if (entry == null) {
            return;  // the ack of a stanza sent twice across a reconnect
        }
        if (ack.attr("error") != null) {
            StanzaErrorException error = Stanzas.error(ack);
            long retryAfter = Stanzas.retryAfterMillis(ack);
            if (error.code() == 429 && retryAfter >= 0) {
                waitOutRateLimit(entry, retryAfter);
                return;
            }
            if (error.code() >= 500 && entry.serverErrors < settings.serverErrorRetries()) {
                retryLater(entry);
                return;
            }
            entry.acked.completeExceptionally(error);
        } else {
            entry.acked.complete(ack);
            pacer.onAccepted();
            if (pacer.throttled()) {
                drainOutbox();
            }
        }
    }

    /**
     * A 429 with {@code retry-after} (the sender's message rate): the entry goes back in the outbox and is sent
     * again with the same id once the hint has passed, paced by the {@link SendPacer}. It never fails for this:
     * the rate is the server's, and the queue drains at it.
     */
    private void waitOutRateLimit(Outbox.Entry entry, long retryAfterMillis) {
        int inFlight = inFlight();
        outbox.putBack(entry);
        entry.sentOnConnection = -1;
        pacer.onRateLimited(retryAfterMillis, inFlight, System.nanoTime());
        // A little jitter, so clients refused at the same moment do not all come back at the same moment.
        loop.schedule(this::drainOutbox, retryAfterMillis + ThreadLocalRandom.current().nextInt(10),
                TimeUnit.MILLISECONDS);
    }

    private int inFlight() {
        return outbox.size() - outbox.unsentOn(connectionNumber).size();
    }

    /**
     * A 5xx on a message means the server could not say whether it stored it (504: a node of the cluster went
     * away, say) or could not store it now: the entry goes back in the outbox and is sent again with the same id
     * after a growing pause, so the server's dedupe keeps it exactly once. After {@link ClientSettings#serverErrorRetries()} such
     * answers the send fails with the last one.
     */
    private void retryLater(Outbox.Entry entry) {
        outbox.putBack(entry);
        long delay = Math.min(5_000, 250L << Math.min(entry.serverErrors, 5));
        entry.serverErrors++;
        entry.sentOnConnection = -1;
        loop.schedule(this::drainOutbox, delay, TimeUnit.MILLISECONDS);
    }

    private void drainOutbox() {
        if (!loggedIn || connection == null) {
            return;
        }
        List<Outbox.Entry> unsent = outbox.unsentOn(connectionNumber);
        int inFlight = outbox.size() - unsent.size();
        for (Outbox.Entry entry : unsent) {
            if (!connection.isWritable()) {
                return;  // resumed by onWritabilityChanged(true)
            }
            if (!pacer.allows(inFlight, System.nanoTime())) {
                return;  // resumed by the next ack, or by the drain scheduled when the 429 came
            }
            entry.sentOnConnection = connectionNumber;
            connection.send(entry.node);
            inFlight++;
        }
    }

    private SwitchboardConnection newConnection() {
        SwitchboardConnection[] self = new SwitchboardConnection[1];
        self[0] = new SwitchboardConnection(transport, loop, settings.connection(), x25519, deviceKey, serverKey,
                new SwitchboardConnection.Listener() {
                    @Override
                    public void onNode(Node node) {
                        SwitchboardClient.this.onNode(self[0], node);
                    }

                    @Override
                    public void onWritabilityChanged(boolean writable) {
                        if (writable && self[0] == connection) {
                            drainOutbox();
                        }
                    }

                    @Override
                    public void onClose(ConnectionClosed why) {
                        onConnectionClosed(self[0], why);
                    }
                });
        if (!wireListeners.isEmpty()) {
            self[0].onWire(event -> wireListeners.forEach(l -> l.accept(event)));
        }
        return self[0];
    }

    /** The server list rotated by one more each attempt, so retries spread over every server. */
    private List<InetSocketAddress> addresses() {
        List<InetSocketAddress> servers = new ArrayList<>(settings.servers());
        Collections.rotate(servers, -(rotation++ % servers.size()));
        return servers;
    }

    private void pinServerKey(SwitchboardConnection conn) throws IOException {
        Optional<byte[]> key = conn.serverStaticKey();
        if (serverKey == null && key.isPresent()) {
            directory.saveServerKey(key.get());
            serverKey = key.get();
        }
    }

    private void checkAccepting() {
        if (closed) {
            throw new IllegalStateException("the client is closed");
        }
        if (outbox.isFull()) {
            throw new RejectedExecutionException(outbox.size() + " stanzas already await their ack");
        }
    }

    private void failLogin(Throwable cause) {
        if (pendingLogin != null) {
            CompletableFuture<UserId> login = pendingLogin;
            pendingLogin = null;
            login.completeExceptionally(cause);
        }
    }

    private void inLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }

    /** Runs {@code body} on the client's event loop; its future, or its exception, becomes the result. */
    private <T> CompletableFuture<T> onLoop(Callable<CompletableFuture<T>> body) {
        CompletableFuture<T> result = new CompletableFuture<>();
        inLoop(() -> {
            try {
                body.call().whenComplete((value, error) -> {
                    if (error != null) {
                        result.completeExceptionally(unwrap(error));
                    } else {
                        result.complete(value);
                    }
                });
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof UncheckedIOException u ? u.getCause() : t;
    }
}

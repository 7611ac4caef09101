// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.session;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.id.GroupId;
import io.switchboard.protocol.id.MessageId;
import io.switchboard.protocol.id.UserId;
import io.switchboard.protocol.node.AttributeReader;
import io.switchboard.protocol.node.Node;
import io.switchboard.server.cluster.HomeRef;
import io.switchboard.server.log.RateLimitedLog;
import io.switchboard.server.store.Account;
import io.switchboard.server.store.EntryKind;
import io.switchboard.server.store.GroupLogEntry;
import io.switchboard.server.store.MailboxEntry;
import io.switchboard.server.store.MessageOrigin;
import io.switchboard.server.user.UserEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One per connection: the state machine that turns a client's stanzas into entity commands and entity pushes into
 * stanzas. Every field is touched only on the channel's event loop; answers from actors hop back onto it.
 * States: awaiting login → registering or active → closed. The sender of every message is the authenticated user
 * of this connection; a {@code from} the client writes is refused, never trusted.
 */
final class Session implements SessionPort {
    private static final Logger log = LoggerFactory.getLogger(Session.class);
    private static final Logger events = LoggerFactory.getLogger("io.switchboard.events");
    /** One client can try hundreds of unknown keys a second; one line a second (with a count) says so. */
    private static final RateLimitedLog unknownKeys = new RateLimitedLog(events, 1_000);

    /** Text bodies travel in stanzas; anything larger goes through media upload. */
    static final int MAX_BODY = 64 * 1024;

    private enum State { AWAITING_LOGIN, REGISTERING, ACTIVE, CLOSED }

    private final SessionContext shared;
    private final Channel channel;
    private final long sessionId;
    private final RegistrationStanzas registration;
    private final PresenceStanzas presence;
    private final GroupStanzas groups;
    private final KeyStanzas keys;
    private State state = State.AWAITING_LOGIN;
    /** The device key of a registering session; a session that logged in by key does not keep it. */
    private byte[] staticKey;
    private UserId user;
    private int deviceId;
    /** The registration this session logged in as: with an id, the identity of every message it sends. */
    private MessageOrigin origin = MessageOrigin.LEGACY;

    Session(SessionContext shared, Channel channel) {
        this.shared = shared;
        this.channel = channel;
        this.sessionId = shared.sessionIds().incrementAndGet();
        this.registration = new RegistrationStanzas(shared.registration(), this);
        this.presence = new PresenceStanzas(shared, this);
        this.groups = new GroupStanzas(shared, this);
        this.keys = new KeyStanzas(shared, this);
    }

    @Override
    public long sessionId() {
        return sessionId;
    }

    @Override
    public UserId user() {
        return user;
    }

    @Override
    public int deviceId() {
        return deviceId;
    }

    /** The Noise handshake finished: {@code payload} is {@code <login/>} or {@code <register/>}. */
    void onHandshakeCompleted(byte[] remoteStaticKey, Node payload) {
        if (payload != null && payload.tag().equals("register")) {
            // Kept only to bind it to the number being registered; a logged-in session never needs it again.
            staticKey = remoteStaticKey;
            state = State.REGISTERING;
            write(Stanzas.registerModeSuccess());
        } else if (payload != null && payload.tag().equals("login")) {
            CompletionStage<java.util.Optional<Account>> found = shared.accounts().findByKey(remoteStaticKey);
            onLoop(found, (account, failure) -> {
                if (failure != null) {
                    log.error("account lookup failed for session {}", sessionId, failure);
                    closeWith(Stanzas.failure(503, "the server cannot check accounts right now; retry"));
                } else if (account.isEmpty()) {
                    unknownKeys.info("login refused: unknown key, session {}", sessionId);
                    closeWith(Stanzas.failure(401, "unknown device key; register first"));
                } else {
                    activate(account.get());
                    write(Stanzas.loginSuccess(user, shared.clock().millis(),
                            shared.settings().pingInterval().toSeconds()));
                }
            });
        } else {
            closeWith(Stanzas.failure(400, "the handshake payload must be <login/> or <register/>"));
        }
    }

    /** Logged in (by key, or by registering on this connection): the session turns active and attaches. */
    void activate(Account account) {
        if (state == State.CLOSED) {
            return;
        }
        user = account.user();
        deviceId = account.deviceId();
        origin = account.origin();
        if (state == State.REGISTERING) {
            shared.metrics().registered();
        }
        shared.metrics().loggedIn();
        state = State.ACTIVE;
        shared.gateway().tell(new Gateway.Connect(this));
        presence.onActive();
    }

    byte[] staticKey() {
        return staticKey;
    }

    boolean devMode() {
        return shared.settings().dev();
    }

    String remoteAddress() {
        return channel.remoteAddress() == null ? "unknown" : channel.remoteAddress().toString();
    }

    /** One stanza from the client, dispatched once on its tag. */
    void onStanza(Node node) {
        shared.metrics().stanzaIn(node.tag());
        switch (state) {
            case ACTIVE -> {
                switch (node.tag()) {
                    case "message" -> onMessage(node);
                    case "ack" -> onAck(node);
                    case "receipt" -> onReceipt(node);
                    case "iq" -> {
                        if (GroupStanzas.isGroupRequest(node)) {
                            groups.onIq(node);
                        } else if (KeyStanzas.isKeyRequest(node)) {
                            keys.onIq(node);
                        } else if (node.child("privacy") != null) {
                            presence.onPrivacy(node);
                        } else {
                            onPing(node);
                        }
                    }
                    case "presence" -> presence.onPresence(node);
                    case "chatstate" -> presence.onChatstate(node);
                    default -> write(Stanzas.error(400, "unknown stanza <" + node.tag() + ">", node));
                }
            }
            case REGISTERING -> registration.onStanza(node);
            case AWAITING_LOGIN -> closeWith(Stanzas.error(401, "log in before sending stanzas", node));
            case CLOSED -> { }
        }
    }

    private void onMessage(Node node) {
        if (SendRate.refused(shared, this, node)) {
            return;
        }
        long received = System.nanoTime();
        AttributeReader attrs = node.attributes().reader("message");
        String id = attrs.required("id");
        String to = attrs.required("to");
        String from = node.attr("from");
        if (!attrs.ok() || !MessageId.isValid(id)) {
            write(Stanzas.messageNack(id == null ? "" : id, 400, "a message needs a valid 'to' and 'id'"));
            return;
        }
        if (from != null && !from.equals(user.address())) {
            events.info("forged from refused: session {} user {}", sessionId, user);
            write(Stanzas.messageNack(id, 403, "'from' must be your own address or absent"));
            return;
        }
        String refusal = MessageContent.refusalOf(node);
        if (refusal != null) {
            write(Stanzas.messageNack(id, ErrorCode.BAD_REQUEST.code(), refusal));
            return;
        }
        byte[] text;
        try {
            text = MessageContent.payloadOf(node, MAX_BODY);
        } catch (IllegalArgumentException e) {
            write(Stanzas.messageNack(id, 400, e.getMessage()));
            return;
        }
        boolean receipts = !"none".equals(node.attr("receipt"));
        if (GroupId.isGroupAddress(to)) {
            if (!GroupId.isValid(to.substring(0, to.indexOf('@')))) {
                write(Stanzas.messageNack(id, 400, "'to' is not a group address"));
            } else {
                groups.onMessage(id, GroupId.fromAddress(to), text, receipts, received);
            }
            return;
        }
        UserId recipient;
        try {
            recipient = UserId.fromAddress(to);
        } catch (IllegalArgumentException e) {
            write(Stanzas.messageNack(id, 400, "'to' is not a user address"));
            return;
        }
        long now = shared.clock().millis();
        store(recipient, new MessageId(id), EntryKind.MESSAGE, now, text, origin, receipts, unstored -> {
            write(unstored == null ? Stanzas.messageAck(id, now) : Stanzas.messageNack(id, unstored));
            if (unstored == null) {
                shared.metrics().oneCheck(System.nanoTime() - received);
            } else if (unstored.code() == ErrorCode.TOO_LARGE.code()) {
                shared.metrics().storedBoundRefused();
            }
        });
    }

    private void onReceipt(Node node) {
        String id = node.attr("id");
        String to = node.attr("to");
        if (GroupId.isGroupAddress(to)) {
            groups.onReadReceipt(node);
            return;
        }
        if (!"read".equals(node.attr("type")) || id == null || to == null || !MessageId.isValid(id)) {
            write(Stanzas.receiptNack(id == null ? "" : id, to, 400, "a receipt needs type='read', 'to' and 'id'"));
            return;
        }
        UserId sender;
        try {
            sender = UserId.fromAddress(to);
        } catch (IllegalArgumentException e) {
            write(Stanzas.receiptNack(id, to, 400, "'to' is not a user address"));
            return;
        }
        // The origin is left to the store: it is that of the message the reader was sent (or the receipt is refused).
        store(sender, new MessageId(id), EntryKind.READ_RECEIPT, shared.clock().millis(), new byte[0],
                MessageOrigin.LEGACY, true, unstored -> write(unstored == null ? Stanzas.receiptAck(id, to)
                        : Stanzas.receiptNack(id, to, unstored)));
    }

    private void onAck(Node node) {
        String id = node.attr("id");
        String from = node.attr("from");
        if (GroupId.isGroupAddress(from)) {
            groups.onAck(node);
            return;
        }
        EntryKind kind = switch (String.valueOf(node.attr("class"))) {
            case "message" -> EntryKind.MESSAGE;
            case "notification" -> KeyStanzas.notificationKind(node.attr("type"));
            default -> "read".equals(node.attr("type")) ? EntryKind.READ_RECEIPT : EntryKind.DELIVERY_RECEIPT;
        };
        if (id == null || from == null || kind == null || !MessageId.isValid(id)) {
            write(Stanzas.error(400, "an ack needs 'from' and 'id' (and a notification's its 'type')", node));
            return;
        }
        try {
            entity(user).tell(new UserEntity.Acked(UserId.fromAddress(from), new MessageId(id), kind));
        } catch (IllegalArgumentException e) {
            write(Stanzas.error(400, "'from' is not a user address", node));
        }
    }

    private void onPing(Node node) {
        String id = node.attr("id");
        if (id != null && node.child("ping") != null) {
            write(Stanzas.iqResult(id, null));
        } else {
            write(Stanzas.iqError(id == null ? "" : id, 400, "unknown request"));
        }
    }

    /**
     * Asks {@code recipient}'s entity to store; {@code done} runs on the event loop with null when stored, else with
     * why not (its code tells a client whether to retry at once, later, or that the outcome is unknown).
     */
    private void store(UserId recipient, MessageId id, EntryKind kind, long now, byte[] payload,
                       MessageOrigin messageOrigin, boolean receipts, Consumer<UserEntity.StoreFailed> done) {
        CompletionStage<UserEntity.StoreReply> reply = entity(recipient).ask(
                replyTo -> new UserEntity.Store(user, id, kind, now, payload, messageOrigin, receipts, replyTo),
                shared.settings().askTimeout());
        onLoop(reply, (answer, failure) -> {
            if (failure != null) {
                done.accept(UserEntity.StoreFailed.of(id, failure));
            } else {
                if (answer instanceof UserEntity.StoreRefused r) {
                    // Refused for good (no such user): the same nack, with no retry hint.
                    done.accept(new UserEntity.StoreFailed(id, r.code(), r.reason(), 0));
                } else {
                    done.accept(answer instanceof UserEntity.StoreFailed f ? f : null);
                }
            }
        });
    }

    @Override
    public void push(MailboxEntry entry) {
        channel.eventLoop().execute(() -> {
            if (state == State.ACTIVE) {
                write(Stanzas.delivery(entry));
            }
        });
    }

    @Override
    public void pushGroup(GroupLogEntry entry) {
        channel.eventLoop().execute(() -> {
            if (state == State.ACTIVE) {
                write(GroupReplies.delivery(entry));
            }
        });
    }

    @Override
    public void pushPresence(UserId from, boolean available, long lastSeen) {
        channel.eventLoop().execute(() -> {
            if (state == State.ACTIVE) {
                presence.onPushPresence(from, available, lastSeen);
            }
        });
    }

    @Override
    public void pushTyping(UserId from, boolean composing) {
        channel.eventLoop().execute(() -> {
            if (state == State.ACTIVE) {
                presence.onPushTyping(from, composing);
            }
        });
    }

    @Override
    public void backlogDelivered(int count) {
        channel.eventLoop().execute(() -> {
            if (state == State.ACTIVE) {
                write(Stanzas.offline(count));
            }
        });
    }

    @Override
    public void replaced() {
        channel.eventLoop().execute(() -> closeWith(Stanzas.error(409, "replaced by a new login")));
    }

    /** The channel closed, for whatever reason. */
    void onClosed() {
        if (state == State.ACTIVE) {
            shared.gateway().tell(new Gateway.Disconnect(this));
            presence.onClosed();
        }
        state = State.CLOSED;
    }

    void write(Node node) {
        if (state == State.CLOSED) {
            return;
        }
        shared.metrics().stanzaOut(node.tag());
        channel.writeAndFlush(node, channel.voidPromise());
    }

    /**
     * More than {@code max-outbound-bytes} waited for this client and none of it left for {@code stalledFor}: it
     * stopped reading. A client that drains, however much is queued for it, never gets here (the pipeline's
     * {@link OutboundWatchHandler} sees its bytes leave). What was pushed and not acked stays in its mailbox.
     */
    void onStalled(long pendingBytes, java.time.Duration stalledFor) {
        if (state == State.CLOSED) {
            return;
        }
        events.warn("slow consumer cut off: session {} user {}, {} bytes pending, none written for {} ms", sessionId,
                user, pendingBytes, stalledFor.toMillis());
        shared.metrics().slowConsumerCutOff();
        onClosed();
        channel.close();
    }

    /** Nothing arrived within the idle limit: the client died or the socket is half-open. */
    void onIdle() {
        events.info("idle connection closed: session {} user {}", sessionId, user);
        closeWith(Stanzas.error(ErrorCode.IDLE_TIMEOUT.code(), ErrorCode.IDLE_TIMEOUT.reason()));
    }

    void closeWith(Node last) {
        if (state == State.CLOSED) {
            return;
        }
        channel.writeAndFlush(last).addListener(ChannelFutureListener.CLOSE);
        onClosed();
    }

    HomeRef<UserEntity.Command> entity(UserId id) {
        return shared.homes().ref(UserEntity.TYPE_KEY, id.digits());
    }

    /**
     * Runs {@code then} on this session's event loop when {@code stage} completes. The event loop is the executor:
     * Pekko's ask futures run plain callbacks asynchronously on the common pool, which on a 2-core machine means a
     * new thread per callback.
     */
    <T> void onLoop(CompletionStage<T> stage, BiConsumer<T, Throwable> then) {
        stage.whenCompleteAsync((value, failure) -> then.accept(value,
                failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure), channel.eventLoop());
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import io.switchboard.protocol.id.GroupId;
import io.switchboard.protocol.id.UserId;
import io.switchboard.protocol.node.Node;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What the server delivers to this client: messages, receipts and group notifications go to the listeners, then
 * are acknowledged (a kind with no listener is not acknowledged: it stays queued on the server for a client that
 * listens), so the server deletes its copy (and, for a message, sends the sender its delivery receipt). A
 * listener that throws leaves the stanza unacknowledged, to be delivered again. A message or notification delivered
 * twice (its ack was lost in a disconnect) reaches the listeners once while the last {@value #RECENT} stay
 * remembered, and is acknowledged again; a group message is told apart by group, sender and id, a notification by
 * group and id. An encrypted message ({@code <enc>}) is opened once and surfaces as plain text; a ciphertext seen
 * before is acknowledged and dropped, and one that cannot be opened is acknowledged, logged and dropped; so is one
 * that came unencrypted (a {@code <body>}), unless {@link #acceptUnencrypted} says otherwise. Listener
 * lists are thread-safe; delivery runs on the client's event loop.
 */
final class Inbox {
    private static final Logger log = LoggerFactory.getLogger(Inbox.class);
    private static final int RECENT = 1024;

    private final List<Consumer<IncomingMessage>> messageListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Receipt>> receiptListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<GroupNotification>> notificationListeners = new CopyOnWriteArrayList<>();
    private final Set<String> recent = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > RECENT;
        }
    });
    /**
     * Opened messages not yet acknowledged (a listener threw): a ciphertext opens only once, so its redelivery is
     * served from here.
     */
    private final Map<String, IncomingMessage> opened = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, IncomingMessage> eldest) {
            return size() > RECENT;
        }
    };
    /**
     * Group messages waiting for their sender's key, by sender, at most {@value #RECENT} each; the server pushes them
     * again after a reconnect.
     */
    private final Map<UserId, List<Node>> held = new HashMap<>();
    private Consumer<GroupNotification> groupChanges = n -> { };
    private volatile boolean acceptUnencrypted;
    private Opener opener = (from, group, enc) -> {
        throw new IllegalStateException("no encryption");
    };
    private SenderKeys senderKeys = (from, key) -> {
        throw new IllegalStateException("no encryption");
    };

    void addMessageListener(Consumer<IncomingMessage> listener) {
        messageListeners.add(Objects.requireNonNull(listener));
    }

    void addReceiptListener(Consumer<Receipt> listener) {
        receiptListeners.add(Objects.requireNonNull(listener));
    }

    void addNotificationListener(Consumer<GroupNotification> listener) {
        notificationListeners.add(Objects.requireNonNull(listener));
    }

    /** Opens an {@code <enc>}: {@code group} is empty for a 1:1 message. */
    interface Opener {
        Plaintext open(UserId from, Optional<GroupId> group, Node enc) throws Exception;
    }

    /** Takes a sender key that arrived pairwise; it surfaces as no message. */
    interface SenderKeys {
        void accept(UserId from, Plaintext.SenderKey key) throws Exception;
    }

    /** Told of every group change first, whether or not a listener takes it (a sender key to retire, say). */
    void onGroupChange(Consumer<GroupNotification> hook) {
        this.groupChanges = hook;
    }

    void acceptUnencrypted(boolean accept) {
        this.acceptUnencrypted = accept;
    }

    void open(Opener opener, SenderKeys senderKeys) {
        this.opener = opener;
        this.senderKeys = senderKeys;
    }

    void onMessage(SwitchboardConnection conn, Node node) {
        if (messageListeners.isEmpty()) {
            // Nobody here takes messages (a one-shot command): not even opened, since opening uses up the
            // ratchet's key for it; it stays with the server for a client that listens.
            return;
        }
        IncomingMessage message;
        try {
            message = Stanzas.incomingMessage(node, "");
        } catch (IllegalArgumentException e) {
            log.warn("ignoring a malformed message from the server: {}", e.getMessage());
            return;
        }
        // A group's address and a user's never collide, so one set serves 1:1 and group messages.
        String key = message.group().map(g -> g.address() + " ").orElse("") + message.from().address() + " "
                + message.id();
        if (recent.contains(key)) {
            conn.send(Stanzas.messageAck(message));
            return;
        }
        Node enc = node.child("enc");
        if (enc == null && !acceptUnencrypted) {
            // Nothing proves who wrote a message without end-to-end encryption: a server could make it up.
            log.warn("dropping unencrypted message {} from {}: unencrypted messages are refused",
                    message.id(), message.from());
            conn.send(Stanzas.messageAck(message));
            return;
        } else if (enc == null) {
            message = Stanzas.incomingMessage(node, null);
        } else if (opened.containsKey(key)) {
            message = opened.get(key);
        } else {
            Plaintext plaintext;
            try {
                plaintext = opener.open(message.from(), message.group(), enc);
            } catch (org.signal.libsignal.protocol.NoSessionException e) {
                if (message.group().isPresent()) {
                    // Its sender key travels pairwise and may come after it: held, unacknowledged, until it does.
                    List<Node> waiting = held.computeIfAbsent(message.from(), k -> new ArrayList<>());
                    if (waiting.size() < RECENT) {
                        waiting.add(node);
                    }
                    // Past the bound it stays with the server, unacknowledged, and comes again after a reconnect.
                    return;
                }
                log.warn("dropping message {} from {}: no session: {}", message.id(), message.from(), e.toString());
                conn.send(Stanzas.messageAck(message));
                return;
            } catch (org.signal.libsignal.protocol.DuplicateMessageException e) {
                conn.send(Stanzas.messageAck(message));
                return;
            } catch (Exception e) {
                // It can never be opened; keeping it would only block the mailbox. Signal asks the sender to resend
                // in this case; this SDK does not yet (issue 8).
                log.warn("dropping message {} from {} that cannot be decrypted: {}", message.id(), message.from(),
                        e.toString());
                conn.send(Stanzas.messageAck(message));
                return;
            }
            if (plaintext instanceof Plaintext.SenderKey senderKey) {
                try {
                    senderKeys.accept(message.from(), senderKey);
                } catch (Exception e) {
                    log.warn("ignoring a bad sender key from {}: {}", message.from(), e.toString());
                }
                recent.add(key);
                conn.send(Stanzas.messageAck(message));
                List<Node> waiting = held.remove(message.from());
                if (waiting != null) {
                    waiting.forEach(m -> onMessage(conn, m));
                }
                return;
            }
            message = new IncomingMessage(message.from(), message.id(), message.time(),
                    ((Plaintext.Text) plaintext).text(), message.group());
            opened.put(key, message);
        }
        if (deliverOnce(key, messageListeners, message)) {
            opened.remove(key);
            conn.send(Stanzas.messageAck(message));
        }
    }

    void onNotification(SwitchboardConnection conn, Node node) {
        Optional<GroupNotification> notification;
        try {
            notification = GroupStanzas.notification(node);
        } catch (IllegalArgumentException e) {
            log.warn("ignoring a malformed group notification from the server: {}", e.getMessage());
            return;
        }
        if (notification.isEmpty()) {
            // A change this client cannot represent: acked all the same, or the server would hold it (and
            // resend it at every login) forever. The group's state is still right in the next info request.
            log.debug("acknowledging a group notification of a kind this client does not know: {}", node);
            conn.send(Node.builder("ack").attr("class", "notification").attr("from", node.attr("from"))
                    .attr("id", node.attr("id")).build());
            return;
        }
        GroupNotification n = notification.get();
        groupChanges.accept(n);
        if (deliverOnce("n " + n.group().address() + " " + n.id(), notificationListeners, n)) {
            conn.send(GroupStanzas.notificationAck(n));
        }
    }

    void onReceipt(SwitchboardConnection conn, Node node) {
        Receipt receipt;
        try {
            receipt = Stanzas.receipt(node);
        } catch (IllegalArgumentException e) {
            log.warn("ignoring a malformed receipt from the server: {}", e.getMessage());
            return;
        }
        if (deliver(receiptListeners, receipt)) {
            conn.send(Stanzas.receiptAck(receipt));
        }
    }

    /** Delivers {@code event} unless {@code key} was delivered recently; false when a listener failed. */
    private <T> boolean deliverOnce(String key, List<Consumer<T>> listeners, T event) {
        if (recent.add(key) && !deliver(listeners, event)) {
            recent.remove(key);
            return false;
        }
        return true;
    }

    private static <T> boolean deliver(List<Consumer<T>> listeners, T event) {
        if (listeners.isEmpty()) {
            // Nobody here takes this kind (a one-shot command, say): it stays with the server for a client that does.
            return false;
        }
        try {
            listeners.forEach(l -> l.accept(event));
            return true;
        } catch (RuntimeException e) {
            log.warn("a listener failed; not acknowledging, so the server delivers it again", e);
            return false;
        }
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import io.switchboard.protocol.node.Node;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What the server delivers to this client: messages and receipts go to the listeners, then are acknowledged, so
 * the server deletes its copy (and, for a message, sends the sender its delivery receipt). A listener that throws
 * leaves the stanza unacknowledged, to be delivered again. A message delivered twice (its ack was lost in a
 * disconnect) reaches the listeners once while the last {@value #RECENT} stay remembered, and is acknowledged
 * again. Listener lists are thread-safe; delivery runs on the client's event loop.
 */
final class Inbox {
    private static final Logger log = LoggerFactory.getLogger(Inbox.class);
    private static final int RECENT = 1024;

    private final List<Consumer<IncomingMessage>> messageListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Receipt>> receiptListeners = new CopyOnWriteArrayList<>();
    private final Set<String> recent = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > RECENT;
        }
    });

    void addMessageListener(Consumer<IncomingMessage> listener) {
        messageListeners.add(Objects.requireNonNull(listener));
    }

    void addReceiptListener(Consumer<Receipt> listener) {
        receiptListeners.add(Objects.requireNonNull(listener));
    }

    void onMessage(SwitchboardConnection conn, Node node) {
        IncomingMessage message;
        try {
            message = Stanzas.incomingMessage(node);
        } catch (IllegalArgumentException e) {
            log.warn("ignoring a malformed message from the server: {}", e.getMessage());
            return;
        }
        String key = message.from().address() + " " + message.id();
        if (recent.add(key) && !deliver(messageListeners, message)) {
            recent.remove(key);
            return;
        }
        conn.send(Stanzas.messageAck(message.from(), message.id()));
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

    private static <T> boolean deliver(List<Consumer<T>> listeners, T event) {
        try {
            listeners.forEach(l -> l.accept(event));
            return true;
        } catch (RuntimeException e) {
            log.warn("a listener failed; not acknowledging, so the server delivers it again", e);
            return false;
        }
    }
}

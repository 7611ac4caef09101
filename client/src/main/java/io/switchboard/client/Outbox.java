// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import io.switchboard.protocol.node.Node;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Stanzas sent and not yet acknowledged by the server (chat and group messages, read receipts), in the order they
 * were first queued; an entry put back for a retry (a 429 or a 5xx) keeps its place, so retries go out in order. An entry leaves only with its ack (or when the client closes), so what a disconnect interrupted
 * is sent again, with the same id, on the next connection; the server drops the duplicates. Bounded. Not
 * thread-safe: confined to the client's event loop.
 */
final class Outbox {

    /** One stanza awaiting its ack; {@code acked} completes with the ack node. */
    static final class Entry {
        final String key;
        final Node node;
        final long seq;
        final CompletableFuture<Node> acked = new CompletableFuture<>();
        long sentOnConnection = -1;
        int serverErrors;

        Entry(String key, Node node, long seq) {
            this.key = key;
            this.node = node;
            this.seq = seq;
        }
    }

    private final Map<String, Entry> entries = new HashMap<>();
    private final NavigableMap<Long, Entry> order = new TreeMap<>();
    private final int max;
    private long nextSeq;

    Outbox(int max) {
        this.max = max;
    }

    boolean isFull() {
        return entries.size() >= max;
    }

    int size() {
        return entries.size();
    }

    /** Adds a stanza, or returns the entry already waiting under {@code key} (a repeated request). */
    Entry add(String key, Node node) {
        return entries.computeIfAbsent(key, k -> {
            Entry entry = new Entry(k, node, nextSeq++);
            order.put(entry.seq, entry);
            return entry;
        });
    }

    /** Puts back an entry taken out by an ack that asked for a retry, in the place it had. */
    void putBack(Entry entry) {
        if (entries.putIfAbsent(entry.key, entry) == null) {
            order.put(entry.seq, entry);
        }
    }

    /** The entry acked by an ack for {@code key}, removed; or null. */
    Entry remove(String key) {
        Entry entry = entries.remove(key);
        if (entry != null) {
            order.remove(entry.seq);
        }
        return entry;
    }

    /** Removes the first entry whose key ends with {@code suffix} (an ack that names only the id). */
    Entry removeFirstEndingWith(String prefix, String suffix) {
        for (Iterator<Entry> it = order.values().iterator(); it.hasNext(); ) {
            Entry entry = it.next();
            if (entry.key.startsWith(prefix) && entry.key.endsWith(suffix)) {
                it.remove();
                entries.remove(entry.key);
                return entry;
            }
        }
        return null;
    }

    /** Removes the first entry whose key starts with {@code prefix} (an ack that names less than the key). */
    Entry removeFirstStartingWith(String prefix) {
        return removeFirstEndingWith(prefix, "");
    }

    /** Entries not yet written on connection number {@code connection}, oldest first. */
    List<Entry> unsentOn(long connection) {
        List<Entry> unsent = new ArrayList<>();
        for (Entry entry : order.values()) {
            if (entry.sentOnConnection != connection) {
                unsent.add(entry);
            }
        }
        return unsent;
    }

    /** Fails and removes every entry. */
    void failAll(Throwable cause) {
        List<Entry> all = new ArrayList<>(order.values());
        entries.clear();
        order.clear();
        all.forEach(entry -> entry.acked.completeExceptionally(cause));
    }
}

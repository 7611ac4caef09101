// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import io.netty.channel.EventLoop;
import io.switchboard.protocol.node.Node;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The client's {@code <iq>} requests awaiting their answer, by id (a counter in lower-case hex). Each completes
 * with the {@code type='result'} reply, or fails with the {@link StanzaErrorException} of a {@code type='error'}
 * reply, a {@link TimeoutException}, or the connection's end. Confined to the client's event loop.
 */
final class Requests {
    private final EventLoop loop;
    private final Duration timeout;
    private final Map<String, CompletableFuture<Node>> waiting = new HashMap<>();
    private long counter;

    Requests(EventLoop loop, Duration timeout) {
        this.loop = loop;
        this.timeout = timeout;
    }

    /** Sends the request {@code build} makes for a fresh id on {@code conn}. */
    CompletableFuture<Node> send(SwitchboardConnection conn, Function<String, Node> build) {
        String id = Long.toHexString(++counter);
        CompletableFuture<Node> reply = new CompletableFuture<>();
        waiting.put(id, reply);
        loop.schedule(() -> {
            if (waiting.remove(id) != null) {
                reply.completeExceptionally(new TimeoutException("no answer within " + timeout));
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        conn.send(build.apply(id));
        return reply.thenApply(node -> {
            if ("error".equals(node.attr("type"))) {
                throw new CompletionException(Stanzas.error(node));
            }
            return node;
        });
    }

    /** Completes the request {@code iq} answers; false if none waits for it. */
    boolean onReply(Node iq) {
        CompletableFuture<Node> request = waiting.remove(String.valueOf(iq.attr("id")));
        if (request == null) {
            return false;
        }
        request.complete(iq);
        return true;
    }

    void failAll(Throwable cause) {
        List<CompletableFuture<Node>> all = new ArrayList<>(waiting.values());
        waiting.clear();
        all.forEach(f -> f.completeExceptionally(cause));
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli.demo;

import io.switchboard.client.ClientSettings;
import io.switchboard.client.ClientTransport;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.protocol.id.UserId;
import io.switchboard.protocol.noise.X25519;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * One scripted person in the demo: an SDK client on its own directory whose frames go to the {@link Timeline} and
 * whose messages, receipts, presence, typing and group notifications queue up until the script awaits them. Every
 * wait ends at the demo's one deadline.
 */
final class DemoClient implements AutoCloseable {
    private final String name;
    private final UserId user;
    private final SwitchboardClient client;
    private final long deadlineNanos;
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final List<Object> skipped = new ArrayList<>();

    private DemoClient(String name, UserId user, SwitchboardClient client, long deadlineNanos) {
        this.name = name;
        this.user = user;
        this.client = client;
        this.deadlineNanos = deadlineNanos;
    }

    /** A client for {@code name} on {@code directory}, reporting to {@code timeline}; it does not connect yet. */
    static DemoClient open(String name, UserId user, Path directory, InetSocketAddress server,
            ClientTransport transport, X25519 x25519, Timeline timeline, long deadlineNanos) throws IOException {
        SwitchboardClient client = SwitchboardClient.open(ClientSettings.of(directory, List.of(server)), transport,
                x25519);
        DemoClient demo = new DemoClient(name, user, client, deadlineNanos);
        client.onWire(event -> timeline.frame(name, event));
        client.onMessage(demo.events::add);
        client.onReceipt(demo.events::add);
        client.onPresence(demo.events::add);
        client.onTyping(demo.events::add);
        client.onGroupNotification(demo.events::add);
        return demo;
    }

    String name() {
        return name;
    }

    UserId user() {
        return user;
    }

    SwitchboardClient sdk() {
        return client;
    }

    /** The first event of {@code type} matching {@code match}; earlier events of other kinds stay for later waits. */
    <T> T await(Class<T> type, Predicate<T> match, String what) throws DemoStepFailedException {
        for (Iterator<Object> it = skipped.iterator(); it.hasNext(); ) {
            Object event = it.next();
            if (type.isInstance(event) && match.test(type.cast(event))) {
                it.remove();
                return type.cast(event);
            }
        }
        try {
            while (true) {
                Object event = events.poll(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (event == null) {
                    throw new DemoStepFailedException(what + " did not happen in time", null);
                }
                if (type.isInstance(event) && match.test(type.cast(event))) {
                    return type.cast(event);
                }
                skipped.add(event);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoStepFailedException("interrupted while waiting: " + what, e);
        }
    }

    /** The result of an SDK call, waited for until the deadline. */
    <T> T await(CompletableFuture<T> future, String what) throws DemoStepFailedException {
        return result(future, what, deadlineNanos);
    }

    static <T> T result(CompletableFuture<T> future, String what, long deadlineNanos)
            throws DemoStepFailedException {
        try {
            return future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new DemoStepFailedException(what + " did not happen in time", e);
        } catch (ExecutionException e) {
            throw new DemoStepFailedException(what + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoStepFailedException("interrupted while waiting: " + what, e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}

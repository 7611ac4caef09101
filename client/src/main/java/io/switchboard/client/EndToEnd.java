// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import io.netty.channel.EventLoop;
import io.switchboard.protocol.id.UserId;
import io.switchboard.protocol.node.Node;
import org.signal.libsignal.protocol.SignalProtocolAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The SDK's end-to-end encryption around {@link Encryption}: keeps this device's keys published (a full upload when
 * the server lacks or has another identity, a top-up below {@value #LOW_WATER} or when told), and seals each
 * outgoing plaintext for its recipient, fetching a bundle first when there is no session. Plaintexts to one
 * recipient are sealed in the order they were given, so the ciphertexts enter the outbox in message order even when
 * the first waits for a bundle. Confined to the client's event loop.
 */
final class EndToEnd {
    private static final Logger log = LoggerFactory.getLogger(EndToEnd.class);

    /** Below this many one-time keys of a kind on the server, a login tops the pool up. */
    static final int LOW_WATER = 10;
    /**
     * Bundle fetches tried per message before its send fails: a lost connection fails the one in flight, a rate
     * limit asks to wait a second.
     */
    private static final int FETCH_ATTEMPTS = 30;

    /** Sends an {@code <iq>} on the logged-in connection, waiting for a login if there is none. */
    interface Link {
        CompletableFuture<Node> request(Function<String, Node> build);
    }

    private final Encryption encryption;
    private final KeyUploads uploads;
    private final EventLoop loop;
    private final Map<UserId, CompletableFuture<Void>> tails = new HashMap<>();
    private final List<Consumer<IdentityChange>> identityListeners = new CopyOnWriteArrayList<>();
    private final Set<UserId> noticed = new HashSet<>();
    private Link link;

    EndToEnd(Encryption encryption, EventLoop loop) {
        this.encryption = encryption;
        this.uploads = new KeyUploads(encryption.store());
        this.loop = loop;
    }

    void link(Link link) {
        this.link = link;
    }

    Encryption encryption() {
        return encryption;
    }

    void addIdentityListener(Consumer<IdentityChange> listener) {
        identityListeners.add(Objects.requireNonNull(listener));
    }

    /**
     * Publishes what the server lacks: the device keys after a (re-)registration, one-time keys when low.
     *
     * @return completes once the server has them
     */
    CompletableFuture<Void> syncKeys() {
        return link.request(id -> iq(id, "get", Node.of("keys"))).thenCompose(reply -> {
            Node keys = reply.child("keys");
            Node identity = keys == null ? null : keys.child("identity");
            byte[] ours = encryption.store().getIdentityKeyPair().getPublicKey().serialize();
            if (identity == null || !Arrays.equals(identity.bytes(), ours)) {
                Node upload = uploads.registration();
                return link.request(id -> iq(id, "set", upload));
            }
            if (Stanzas.parseInt(keys.attr("prekey"), 0) < LOW_WATER
                    || Stanzas.parseInt(keys.attr("kyber-prekey"), 0) < LOW_WATER) {
                Node upload = uploads.topUp();
                return link.request(id -> iq(id, "set", upload));
            }
            return CompletableFuture.completedFuture(reply);
        }).thenApply(reply -> null);
    }

    /** The server said the pool runs low (PROTOCOL.md §14.4). */
    CompletableFuture<Void> onPrekeysLow() {
        Node upload = uploads.topUp();
        return link.request(id -> iq(id, "set", upload)).thenApply(reply -> null);
    }

    /** The server said {@code peer} re-registered: drop the session so the next message starts a new one. */
    void onIdentityNotice(UserId peer) {
        encryption.forget(peer);
        noticed.add(peer);
        fire(new IdentityChange(peer, IdentityChange.Source.SERVER_NOTICE));
    }

    /** The store replaced a peer's identity key while starting or answering a session. */
    void onIdentityReplaced(SignalProtocolAddress address) {
        UserId peer = UserId.fromAddress(address.getName());
        if (!noticed.remove(peer)) {
            fire(new IdentityChange(peer, IdentityChange.Source.NEW_KEY_SEEN));
        }
    }

    private void fire(IdentityChange change) {
        for (Consumer<IdentityChange> listener : identityListeners) {
            try {
                listener.accept(change);
            } catch (RuntimeException e) {
                log.warn("an identity change listener failed", e);
            }
        }
    }

    /** {@code plaintext} sealed for {@code to} as an {@code <enc>} node, after everything given before for it. */
    CompletableFuture<Node> seal(UserId to, Plaintext plaintext) {
        byte[] bytes = Plaintext.encode(plaintext);
        return inOrder(to, () -> sealNow(to, bytes, FETCH_ATTEMPTS));
    }

    /**
     * Whether {@code to} has keys, that is, has registered: at once when a session exists; otherwise by fetching its
     * bundle and starting the session the first message will then use (in order with {@link #seal}), so the
     * fetch is not wasted. Fails as a bundle fetch does, except that 404 (no keys) is {@code false}.
     */
    CompletableFuture<Boolean> prepare(UserId to) {
        return inOrder(to, () -> prepareNow(to));
    }

    /** Runs {@code work} once everything asked before for {@code to} is done: one session, one order per peer. */
    private <T> CompletableFuture<T> inOrder(UserId to, Supplier<CompletableFuture<T>> work) {
        CompletableFuture<Void> previous = tails.getOrDefault(to, CompletableFuture.completedFuture(null));
        CompletableFuture<T> done = previous.thenComposeAsync(x -> work.get(), loop);
        CompletableFuture<Void> tail = done.handle((result, error) -> null);
        tails.put(to, tail);
        tail.thenRunAsync(() -> tails.remove(to, tail), loop);
        return done;
    }

    private CompletableFuture<Boolean> prepareNow(UserId to) {
        if (encryption.hasSession(to)) {
            return CompletableFuture.completedFuture(true);
        }
        return startSession(to).handle((started, error) -> {
            if (error == null) {
                return true;
            }
            Throwable cause = unwrap(error);
            if (cause instanceof StanzaErrorException refused && refused.code() == 404) {
                return false;
            }
            throw new CompletionException(cause);
        });
    }

    /** Fetches {@code to}'s bundle (taking one of its one-time keys) and starts a session with it. */
    private CompletableFuture<Void> startSession(UserId to) {
        return link.request(id -> iq(id, "get", Node.builder("keys").attr("jid", to.address()).build()))
                .thenAcceptAsync(reply -> {
                    try {
                        encryption.startSession(to, reply.child("bundle"));
                    } catch (org.signal.libsignal.protocol.InvalidKeyException e) {
                        throw new CompletionException(new StanzaErrorException(400, "the bundle of " + to
                                + " is unusable: " + e.getMessage()));
                    }
                }, loop);
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private CompletableFuture<Node> sealNow(UserId to, byte[] plaintext, int attempts) {
        if (encryption.hasSession(to)) {
            return CompletableFuture.completedFuture(encryption.encrypt(to, plaintext));
        }
        return startSession(to)
                .handleAsync((started, error) -> {
                    if (error == null) {
                        return CompletableFuture.completedFuture(encryption.encrypt(to, plaintext));
                    }
                    Throwable cause = unwrap(error);
                    if (cause instanceof ConnectionFailedException && attempts > 1) {
                        return sealNow(to, plaintext, attempts - 1);
                    }
                    if (cause instanceof StanzaErrorException refused && refused.code() == 429 && attempts > 1) {
                        // Rate limited (a big group's first message): the server refills a second's worth per second.
                        CompletableFuture<Node> later = new CompletableFuture<>();
                        loop.schedule(() -> sealNow(to, plaintext, attempts - 1).whenComplete((node, failure) -> {
                            if (failure != null) {
                                later.completeExceptionally(failure);
                            } else {
                                later.complete(node);
                            }
                        }), 1 + ThreadLocalRandom.current().nextInt(1_000), TimeUnit.MILLISECONDS);
                        return later;
                    }
                    return CompletableFuture.<Node>failedFuture(cause);
                }, loop).thenCompose(Function.identity());
    }

    /**
     * The plaintext of a 1:1 {@code <enc>} from {@code from}.
     *
     * @throws org.signal.libsignal.protocol.DuplicateMessageException if it was opened before
     * @throws Exception                                               if it cannot be opened
     */
    Plaintext open(UserId from, Node enc) throws Exception {
        return Plaintext.decode(encryption.decrypt(from, enc));
    }

    private static Node iq(String id, String type, Node child) {
        return Node.builder("iq").attr("id", id).attr("type", type).child(child).build();
    }
}

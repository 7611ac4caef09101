// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.session;

import io.switchboard.protocol.id.MessageId;
import io.switchboard.protocol.id.UserId;
import io.switchboard.protocol.node.Node;
import io.switchboard.server.keys.KeyDirectory;
import io.switchboard.server.keys.KeyRefusal;
import io.switchboard.server.keys.KeyUpload;
import io.switchboard.server.limits.Rate;
import io.switchboard.server.store.BundleFetch;
import io.switchboard.server.store.DeviceKeys;
import io.switchboard.server.store.EntryKind;
import io.switchboard.server.store.KeyBundle;
import io.switchboard.server.store.MailboxEntry;
import io.switchboard.server.store.SignedPreKey;
import io.switchboard.server.user.UserEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * One active session's key directory stanzas (docs/PROTOCOL.md §14): uploads, bundle fetches and pool counts,
 * each parsed once into a {@link KeyUpload} or a user id and answered from the {@link KeyDirectory}; and the
 * durable notifications that follow (pool low to the owner, identity changed to its contacts), queued in the
 * recipients' mailboxes. Confined to the session's event loop.
 */
final class KeyStanzas {
    private static final Logger log = LoggerFactory.getLogger(KeyStanzas.class);

    private static final int MAX_KEY_ID = 0xFFFFFF;
    private static final int EC_KEY_LENGTH = 33;
    private static final int MAX_KYBER_KEY_LENGTH = 2048;
    private static final int SIGNATURE_LENGTH = 64;

    private final SessionContext shared;
    private final Session session;

    KeyStanzas(SessionContext shared, Session session) {
        this.shared = shared;
        this.session = session;
    }

    /** Whether an {@code <iq>} is a key directory request: a {@code <keys>} child and no {@code to}. */
    static boolean isKeyRequest(Node iq) {
        return iq.attr("to") == null && iq.children().size() == 1 && iq.child("keys") != null;
    }

    /** The mailbox kind an {@code <ack class='notification' type>} acknowledges; null when none. */
    static EntryKind notificationKind(String type) {
        if ("prekeys".equals(type)) {
            return EntryKind.PREKEYS_LOW;
        }
        return "identity".equals(type) ? EntryKind.IDENTITY_CHANGED : null;
    }

    /** A queued key notification as its recipient sees it (§14.4). */
    static Node notification(MailboxEntry entry) {
        return Node.builder("notification").attr("type", entry.kind() == EntryKind.PREKEYS_LOW ? "prekeys"
                        : "identity").attr("from", entry.sender().address()).attr("id", entry.messageId().value())
                .attr("t", Long.toString(entry.serverTime() / 1000)).build();
    }

    void onIq(Node iq) {
        String id = iq.attr("id");
        String type = iq.attr("type");
        Node keys = iq.child("keys");
        if (id == null) {
            session.write(Stanzas.iqError("", 400, "a key request needs an 'id'"));
            return;
        }
        try {
            if ("set".equals(type)) {
                onUpload(id, parseUpload(keys));
            } else if ("get".equals(type) && keys.attr("jid") != null) {
                onFetch(id, UserId.fromAddress(keys.attr("jid")));
            } else if ("get".equals(type)) {
                onCounts(id);
            } else {
                session.write(Stanzas.iqError(id, 400, "a key request has type 'get' or 'set'"));
            }
        } catch (IllegalArgumentException e) {
            session.write(Stanzas.iqError(id, 400, e.getMessage()));
        }
    }

    private void onUpload(String id, KeyUpload upload) {
        UserId user = session.user();
        session.onLoop(shared.keys().upload(user, session.deviceId(), upload), (outcome, failure) -> {
            if (failure != null) {
                log.error("key upload failed for user {} session {}", user, session.sessionId(), failure);
                session.write(Stanzas.iqError(id, 503, "the key directory cannot store keys right now; retry"));
            } else if (outcome.refusal() != null) {
                session.write(refusal(id, outcome.refusal()));
            } else {
                session.write(Stanzas.iqResult(id, counts(outcome.uploaded().ecPreKeys(),
                        outcome.uploaded().kyberPreKeys(), null)));
                if (outcome.uploaded().identityChanged()) {
                    outcome.uploaded().contacts().forEach(contact -> notify(contact, user,
                            EntryKind.IDENTITY_CHANGED, "i"));
                }
            }
        });
    }

    private void onFetch(String id, UserId owner) {
        // Keyed by the account, not the connection: reconnecting must not refill it (each fetch takes someone's
        // one-time prekey). The burst lets a sender reach every member of a full group at once.
        long wait = shared.limits().bundleFetch(session.user());
        if (wait > 0) {
            shared.metrics().rateLimited("bundle-fetch");
            Rate rate = shared.limits().bundleFetchRate();
            session.write(Stanzas.rateLimited(id, wait, "bundle fetches are limited to " + rate.describe()
                    + " per account; retry after " + wait + " ms"));
            return;
        }
        session.onLoop(shared.keys().fetch(owner, session.user()), (fetch, failure) -> {
            if (failure != null) {
                log.error("bundle fetch failed for session {}", session.sessionId(), failure);
                session.write(Stanzas.iqError(id, 503, "the key directory cannot serve keys right now; retry"));
                return;
            }
            onFetched(id, owner, fetch);
        });
    }

    private void onFetched(String id, UserId owner, BundleFetch fetch) {
        if (fetch.bundle().isEmpty()) {
            session.write(refusal(id, new KeyRefusal(KeyRefusal.Reason.NO_BUNDLE, owner.address()
                    + " has no encryption keys: it is not registered, or its client has not uploaded keys yet")));
            return;
        }
        session.write(Stanzas.iqResult(id, bundle(fetch.bundle().get())));
        if (fetch.ownerRunsLow()) {
            notify(owner, owner, EntryKind.PREKEYS_LOW, "k");
        }
    }

    private void onCounts(String id) {
        session.onLoop(shared.keys().counts(session.user(), session.deviceId()), (counts, failure) -> {
            if (failure != null) {
                session.write(Stanzas.iqError(id, 503, "the key directory cannot be read right now; retry"));
            } else {
                session.write(Stanzas.iqResult(id, counts(counts.ecPreKeys(), counts.kyberPreKeys(),
                        counts.identityKey().orElse(null))));
            }
        });
    }

    /** Queues a key notification in {@code recipient}'s mailbox; a failure is logged (the event is not retried). */
    private void notify(UserId recipient, UserId sender, EntryKind kind, String idPrefix) {
        long now = shared.clock().millis();
        MessageId messageId = new MessageId(idPrefix + Long.toHexString(now));
        CompletionStage<UserEntity.StoreReply> reply = session.entity(recipient).ask(replyTo ->
                        UserEntity.Store.of(sender, messageId, kind, now, new byte[0], replyTo),
                shared.settings().askTimeout());
        reply.whenComplete((answer, failure) -> {
            if (failure != null || !(answer instanceof UserEntity.Stored)) {
                log.warn("{} notification for user {} not queued: {}", kind, recipient,
                        failure != null ? failure.toString() : answer);
            }
        });
    }

    private static Node refusal(String id, KeyRefusal refusal) {
        int code = switch (refusal.reason()) {
            case INVALID_KEY -> 400;
            case NO_BUNDLE -> 404;
            case POOL_FULL -> 406;
            case NO_DEVICE_KEYS -> 412;
            case BATCH_TOO_LARGE -> 413;
        };
        return Stanzas.iqError(id, code, refusal.text());
    }

    private static Node counts(int ec, int kyber, byte[] identity) {
        Node.Builder keys = Node.builder("keys").attr("prekey", Integer.toString(ec))
                .attr("kyber-prekey", Integer.toString(kyber));
        if (identity != null) {
            keys.child(Node.builder("identity").bytes(identity));
        }
        return keys.build();
    }

    private static Node bundle(KeyBundle bundle) {
        DeviceKeys device = bundle.device();
        Node.Builder node = Node.builder("bundle").attr("jid", bundle.user().address())
                .attr("device", Integer.toString(bundle.deviceId()))
                .attr("registration-id", Integer.toString(device.registrationId()))
                .child(Node.builder("identity").bytes(device.identityKey()))
                .child(signed("signed-prekey", device.signedPreKey()))
                .child(signed("kyber-prekey", bundle.kyberPreKey()));
        bundle.ecPreKey().ifPresent(key -> node.child(Node.builder("prekey").attr("id", Integer.toString(key.id()))
                .bytes(key.publicKey())));
        return node.build();
    }

    private static Node signed(String tag, SignedPreKey key) {
        return Node.builder(tag).attr("id", Integer.toString(key.id()))
                .child(Node.builder("key").bytes(key.publicKey()))
                .child(Node.builder("signature").bytes(key.signature())).build();
    }

    /** Parses {@code <keys [registration-id]>…</keys>} of an upload (§14.2); throws naming the first problem. */
    static KeyUpload parseUpload(Node keys) {
        Node identity = keys.child("identity");
        Optional<DeviceKeys> device = Optional.empty();
        if (identity != null) {
            device = Optional.of(new DeviceKeys(intAttr(keys, "registration-id", 0x3FFF),
                    bytes(identity, EC_KEY_LENGTH, EC_KEY_LENGTH),
                    parseSigned(required(keys, "signed-prekey"), EC_KEY_LENGTH),
                    parseSigned(required(keys, "kyber"), MAX_KYBER_KEY_LENGTH)));
        }
        List<SignedPreKey> ec = new ArrayList<>();
        List<SignedPreKey> kyber = new ArrayList<>();
        Node pool = keys.child("prekeys");
        if (pool != null) {
            for (Node key : pool.children()) {
                switch (key.tag()) {
                    case "prekey" -> ec.add(new SignedPreKey(intAttr(key, "id", MAX_KEY_ID),
                            bytes(key, EC_KEY_LENGTH, EC_KEY_LENGTH), new byte[0]));
                    case "kyber-prekey" -> kyber.add(parseSigned(key, MAX_KYBER_KEY_LENGTH));
                    default -> throw new IllegalArgumentException("<prekeys> holds <prekey> and <kyber-prekey> only");
                }
            }
        }
        if (device.isEmpty() && ec.isEmpty() && kyber.isEmpty()) {
            throw new IllegalArgumentException("an upload needs <identity> with its signed prekeys, or <prekeys>");
        }
        return new KeyUpload(device, ec, kyber);
    }

    private static SignedPreKey parseSigned(Node node, int maxKeyLength) {
        return new SignedPreKey(intAttr(node, "id", MAX_KEY_ID), bytes(required(node, "key"), 1, maxKeyLength),
                bytes(required(node, "signature"), SIGNATURE_LENGTH, SIGNATURE_LENGTH));
    }

    private static Node required(Node parent, String tag) {
        Node child = parent.child(tag);
        if (child == null) {
            throw new IllegalArgumentException("<" + parent.tag() + "> needs a <" + tag + ">");
        }
        return child;
    }

    private static byte[] bytes(Node node, int min, int max) {
        byte[] bytes = node.bytes();
        if (bytes == null || bytes.length < min || bytes.length > max) {
            throw new IllegalArgumentException("<" + node.tag() + "> needs " + (min == max ? min : min + " to " + max)
                    + " bytes");
        }
        return bytes;
    }

    private static int intAttr(Node node, String name, int max) {
        String value = node.attr(name);
        if (value == null || value.isEmpty() || value.length() > 8 || !value.chars().allMatch(Character::isDigit)
                || Integer.parseInt(value) > max) {
            throw new IllegalArgumentException("<" + node.tag() + "> needs '" + name + "' from 0 to " + max);
        }
        return Integer.parseInt(value);
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import io.switchboard.protocol.node.Node;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.ecc.ECKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyType;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The test server's stand-in for the key directory (PROTOCOL.md §14): keeps each user's last full upload and answers
 * counts from it; serves a bundle from it, or, for a user that never uploaded (the test peers), one made up on the
 * spot with libsignal, so the SDK can encrypt to anyone. Never checks signatures or consumes keys.
 */
final class TestKeys {
    private final Map<String, Node> uploads = new ConcurrentHashMap<>();
    private final Map<String, Node> madeUp = new ConcurrentHashMap<>();
    /** Addresses answered with 404 (no keys), as the real directory answers a number that never registered. */
    final Set<String> unregistered = ConcurrentHashMap.newKeySet();
    /** The address of every bundle asked for, in order. */
    final List<String> fetched = new CopyOnWriteArrayList<>();

    Node answer(String user, Node iq) {
        String id = iq.attr("id");
        Node keys = iq.child("keys");
        Node.Builder result = Node.builder("iq").attr("id", id).attr("type", "result");
        if ("set".equals(iq.attr("type"))) {
            if (keys.child("identity") != null) {
                uploads.put(user, keys);
            }
            return result.child(Node.builder("keys").attr("prekey", "50").attr("kyber-prekey", "50")).build();
        }
        String jid = keys.attr("jid");
        if (jid == null) {
            Node upload = uploads.get(user);
            Node.Builder counts = Node.builder("keys").attr("prekey", "50").attr("kyber-prekey", "50");
            if (upload != null) {
                counts.child(upload.child("identity"));
            }
            return result.child(counts).build();
        }
        fetched.add(jid);
        if (unregistered.contains(jid)) {
            return Node.builder("iq").attr("id", id).attr("type", "error").child(Node.builder("error")
                    .attr("code", "404").attr("text", "no keys for " + jid)).build();
        }
        Node upload = uploads.get(jid);
        return result.child(upload != null ? bundleOf(jid, upload) : madeUp.computeIfAbsent(jid, TestKeys::madeUp))
                .build();
    }

    private static Node bundleOf(String jid, Node upload) {
        Node kyber = upload.child("kyber");
        return Node.builder("bundle").attr("jid", jid).attr("device", "1")
                .attr("registration-id", upload.attr("registration-id")).child(upload.child("identity"))
                .child(upload.child("signed-prekey"))
                .child(Node.builder("kyber-prekey").attr("id", kyber.attr("id")).child(kyber.child("key"))
                        .child(kyber.child("signature"))).build();
    }

    private static Node madeUp(String jid) {
        IdentityKeyPair identity = IdentityKeyPair.generate();
        byte[] signed = ECKeyPair.generate().getPublicKey().serialize();
        byte[] kyber = KEMKeyPair.generate(KEMKeyType.KYBER_1024).getPublicKey().serialize();
        return Node.builder("bundle").attr("jid", jid).attr("device", "1").attr("registration-id", "7")
                .child(Node.builder("identity").bytes(identity.getPublicKey().serialize()))
                .child(signed("signed-prekey", signed, identity.getPrivateKey().calculateSignature(signed)))
                .child(signed("kyber-prekey", kyber, identity.getPrivateKey().calculateSignature(kyber))).build();
    }

    private static Node signed(String tag, byte[] key, byte[] signature) {
        return Node.builder(tag).attr("id", "1").child(Node.builder("key").bytes(key))
                .child(Node.builder("signature").bytes(signature)).build();
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.noise;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;

/**
 * Per-thread JCA engines (AES-GCM, HMAC-SHA256, SHA-256, XDH), borrowed for one operation and re-initialised each
 * time.
 *
 * <p>Why: a server holds millions of connections and a resident {@code Cipher} costs about 800 bytes, so cipher
 * states keep only their key and nonce (see ARCHITECTURE.md, memory budget). The engines are immutable in the
 * sense that matters: every borrower fully initialises one before use and nothing survives between operations, so
 * these caches are not shared mutable state. A borrower must not call back into another borrower of the same
 * engine between init and doFinal (nothing here does). Platform threads (Netty event loops) each keep one set;
 * virtual threads would each build their own, which is correct but slower.
 */
final class JcaCache {
    private static final ThreadLocal<Cipher> AES_GCM = ThreadLocal.withInitial(JcaCache::newAesGcm);
    private static final ThreadLocal<Mac> HMAC_SHA256 = ThreadLocal.withInitial(() -> create(() ->
            Mac.getInstance("HmacSHA256")));
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> create(() ->
            MessageDigest.getInstance("SHA-256")));
    private static final ThreadLocal<KeyAgreement> XDH = ThreadLocal.withInitial(() -> create(() ->
            KeyAgreement.getInstance("XDH")));
    private static final ThreadLocal<KeyFactory> XDH_KEYS = ThreadLocal.withInitial(() -> create(() ->
            KeyFactory.getInstance("XDH")));

    private JcaCache() {
    }

    static Cipher aesGcm() {
        return AES_GCM.get();
    }

    /**
     * Replaces this thread's AES-GCM engine with a fresh one. The JDK refuses to initialise one engine for
     * encryption twice in a row with the same key and nonce; {@link CipherState} never does that for a connection,
     * but two connections replaying the same deterministic test vector on one thread do.
     */
    static Cipher freshAesGcm() {
        Cipher cipher = newAesGcm();
        AES_GCM.set(cipher);
        return cipher;
    }

    static Mac hmacSha256() {
        return HMAC_SHA256.get();
    }

    static MessageDigest sha256() {
        return SHA256.get();
    }

    static KeyAgreement xdh() {
        return XDH.get();
    }

    static KeyFactory xdhKeys() {
        return XDH_KEYS.get();
    }

    private static Cipher newAesGcm() {
        return create(() -> Cipher.getInstance("AES/GCM/NoPadding"));
    }

    private interface Factory<T> {
        T create() throws GeneralSecurityException;
    }

    private static <T> T create(Factory<T> factory) {
        try {
            return factory.create();
        } catch (GeneralSecurityException e) {
            // Every Java 17 runtime ships these algorithms; a JDK without them cannot run Switchboard at all.
            throw new IllegalStateException("JDK lacks a required algorithm", e);
        }
    }
}

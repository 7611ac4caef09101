// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.noise;

import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.noise.HandshakePattern.Token;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One side of a Noise handshake (revision 34, section 5.3) for a {@link HandshakePattern} over
 * Noise_*_25519_AESGCM_SHA256: writes and reads handshake messages in turn, then {@linkplain #split() splits} into a
 * {@link NoiseTransport}. Not thread-safe: confine it to the connection's event loop.
 *
 * <p>Guarantees: every problem caused by the peer's bytes or by calls out of turn (a message too long or too short,
 * failed authentication, a low-order key, a prologue mismatch, reading when it is this side's turn to write, writing
 * after completion, splitting early or twice) throws {@link HandshakeFailedException}, and after the first failure
 * every call does; no other exception escapes for any input bytes. Handshake messages are bounded by Noise's
 * {@value #MAX_MESSAGE_LENGTH} bytes, unlike transport messages.
 *
 * <p>The peer's static key is available from {@link #remoteStatic()} as soon as it has been received and
 * authenticated, and from the transport afterwards; the server uses it as the client's credential.
 */
public final class HandshakeState {
    /** Noise's limit on a handshake message, payload included. */
    public static final int MAX_MESSAGE_LENGTH = 65535;

    private final HandshakePattern pattern;
    private final boolean initiator;
    private final X25519 x25519;
    private final SymmetricState symmetric;
    private final X25519KeyPair localStatic;
    private X25519KeyPair localEphemeral;
    private byte[] remoteStatic;
    private byte[] remoteEphemeral;
    private int messageIndex;
    private boolean failed;
    private boolean split;

    private HandshakeState(boolean initiator, HandshakePattern pattern, X25519 x25519, byte[] prologue,
            X25519KeyPair localStatic, byte[] remoteStatic, X25519KeyPair localEphemeral) {
        if (pattern.needsLocalStatic(initiator) && localStatic == null) {
            throw new IllegalArgumentException(pattern.name() + " needs this side's static key pair");
        }
        if (pattern.needsRemoteStatic(initiator) && remoteStatic == null) {
            throw new IllegalArgumentException(pattern.name() + " needs the peer's static public key in advance");
        }
        if (remoteStatic != null && remoteStatic.length != X25519.KEY_LENGTH) {
            throw new IllegalArgumentException("remote static key must be " + X25519.KEY_LENGTH + " bytes");
        }
        this.pattern = pattern;
        this.initiator = initiator;
        this.x25519 = x25519;
        this.localStatic = localStatic;
        this.remoteStatic = remoteStatic == null ? null : remoteStatic.clone();
        this.localEphemeral = localEphemeral;
        this.symmetric = new SymmetricState(pattern.protocolName());
        symmetric.mixHash(prologue);
        mixPreMessage(pattern.initiatorPreMessage(), initiator);
        mixPreMessage(pattern.responderPreMessage(), !initiator);
    }

    /**
     * The initiator (client) side.
     *
     * @param prologue bytes both sides must agree on, for Switchboard the connection header ({@code ConnectionHeader.toBytes()})
     * @param localStatic this side's static key pair, or {@code null} if the pattern has none (NN)
     * @param remoteStatic the peer's static public key if the pattern requires it in advance (IK), else {@code null}
     * @throws IllegalArgumentException if the pattern needs a key that is missing
     */
    public static HandshakeState initiator(HandshakePattern pattern, X25519 x25519, byte[] prologue,
            X25519KeyPair localStatic, byte[] remoteStatic) {
        return new HandshakeState(true, pattern, x25519, prologue, localStatic, remoteStatic, null);
    }

    /** The responder (server) side; parameters as for {@link #initiator}. */
    public static HandshakeState responder(HandshakePattern pattern, X25519 x25519, byte[] prologue,
            X25519KeyPair localStatic, byte[] remoteStatic) {
        return new HandshakeState(false, pattern, x25519, prologue, localStatic, remoteStatic, null);
    }

    /**
     * Test vectors only: a side whose ephemeral key is fixed instead of generated. Reusing an ephemeral key in
     * production destroys forward secrecy, hence package-private.
     */
    static HandshakeState withFixedEphemeral(boolean initiator, HandshakePattern pattern, X25519 x25519,
            byte[] prologue, X25519KeyPair localStatic, byte[] remoteStatic, X25519KeyPair localEphemeral) {
        return new HandshakeState(initiator, pattern, x25519, prologue, localStatic, remoteStatic, localEphemeral);
    }

    /** Whether the next step of this side is {@link #writeMessage} (rather than {@link #readMessage}). */
    public boolean isWriteTurn() {
        return !isComplete() && (messageIndex % 2 == 0) == initiator;
    }

    /** Whether every handshake message has been written or read, so {@link #split()} may be called. */
    public boolean isComplete() {
        return messageIndex == pattern.messages().size();
    }

    /** Writes this side's next handshake message, carrying {@code payload} (encrypted once a key exists). */
    public byte[] writeMessage(byte[] payload) throws HandshakeFailedException {
        checkUsable();
        if (!isWriteTurn()) {
            throw fail(isComplete() ? "handshake is already complete" : "it is the peer's turn to send");
        }
        if (payload.length > MAX_MESSAGE_LENGTH) {
            throw fail("payload of " + payload.length + " bytes exceeds the handshake message limit");
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(96 + payload.length);
            for (Token token : pattern.messages().get(messageIndex)) {
                switch (token) {
                    case E -> {
                        if (localEphemeral == null) {
                            localEphemeral = x25519.generateKeyPair();
                        }
                        byte[] publicKey = localEphemeral.publicKey();
                        out.writeBytes(publicKey);
                        symmetric.mixHash(publicKey);
                    }
                    case S -> out.writeBytes(symmetric.encryptAndHash(localStatic.publicKey()));
                    default -> mixDh(token);
                }
            }
            out.writeBytes(symmetric.encryptAndHash(payload));
            messageIndex++;
            byte[] message = out.toByteArray();
            if (message.length > MAX_MESSAGE_LENGTH) {
                throw fail("handshake message of " + message.length + " bytes exceeds " + MAX_MESSAGE_LENGTH);
            }
            return message;
        } catch (HandshakeFailedException e) {
            failed = true;
            throw e;
        } catch (ProtocolException e) {
            throw fail("handshake message could not be written", e);
        }
    }

    /** Reads the peer's next handshake message and returns its (authenticated, once a key exists) payload. */
    public byte[] readMessage(byte[] message) throws HandshakeFailedException {
        checkUsable();
        if (isComplete()) {
            throw fail("handshake is already complete");
        }
        if (isWriteTurn()) {
            throw fail("it is this side's turn to send, not to receive");
        }
        if (message.length > MAX_MESSAGE_LENGTH) {
            throw fail("handshake message of " + message.length + " bytes exceeds " + MAX_MESSAGE_LENGTH);
        }
        try {
            MessageReader in = new MessageReader(message);
            for (Token token : pattern.messages().get(messageIndex)) {
                switch (token) {
                    case E -> {
                        remoteEphemeral = in.take(X25519.KEY_LENGTH, "ephemeral key");
                        symmetric.mixHash(remoteEphemeral);
                    }
                    case S -> {
                        int length = X25519.KEY_LENGTH + (symmetric.hasKey() ? CipherState.TAG_LENGTH : 0);
                        remoteStatic = symmetric.decryptAndHash(in.take(length, "static key"));
                    }
                    default -> mixDh(token);
                }
            }
            byte[] payload = symmetric.decryptAndHash(in.rest());
            messageIndex++;
            return payload;
        } catch (HandshakeFailedException e) {
            failed = true;
            throw e;
        } catch (ProtocolException e) {
            throw fail("handshake message " + (messageIndex + 1) + " failed authentication", e);
        }
    }

    /**
     * The two transport cipher states, once the handshake is complete. One-shot: a second transport would reuse
     * the same keys and nonces.
     */
    public NoiseTransport split() throws HandshakeFailedException {
        checkUsable();
        if (!isComplete()) {
            throw fail("handshake is not complete");
        }
        if (split) {
            throw fail("handshake was already split into a transport");
        }
        split = true;
        CipherState[] pair = symmetric.split();
        return new NoiseTransport(initiator ? pair[0] : pair[1], initiator ? pair[1] : pair[0],
                symmetric.handshakeHash(), remoteStatic);
    }

    /** The handshake hash so far; after completion, the value both sides share (channel binding). */
    public byte[] handshakeHash() {
        return symmetric.handshakeHash();
    }

    /** The peer's static public key, once known (pre-message or received); a copy. */
    public Optional<byte[]> remoteStatic() {
        return Optional.ofNullable(remoteStatic).map(byte[]::clone);
    }

    public HandshakePattern pattern() {
        return pattern;
    }

    public boolean isInitiator() {
        return initiator;
    }

    private void mixPreMessage(List<Token> tokens, boolean local) {
        for (Token token : tokens) {
            if (token != Token.S) {
                // Only "s" pre-messages appear in the patterns defined here.
                throw new IllegalArgumentException("unsupported pre-message token " + token);
            }
            symmetric.mixHash(local ? localStatic.publicKey() : remoteStatic);
        }
    }

    private void mixDh(Token token) throws HandshakeFailedException {
        // DH tokens name the initiator's key first; the responder uses the mirror pairing.
        boolean localEphemeralKey = switch (token) {
            case EE -> true;
            case ES -> initiator;
            case SE -> !initiator;
            default -> false;
        };
        boolean remoteEphemeralKey = switch (token) {
            case EE -> true;
            case ES -> !initiator;
            case SE -> initiator;
            default -> false;
        };
        X25519KeyPair local = localEphemeralKey ? localEphemeral : localStatic;
        byte[] remote = remoteEphemeralKey ? remoteEphemeral : remoteStatic;
        if (local == null || remote == null) {
            throw new HandshakeFailedException("key for " + token + " is missing");
        }
        byte[] secret = x25519.dh(local.privateKey(), remote);
        symmetric.mixKey(secret);
        Arrays.fill(secret, (byte) 0);
    }

    private void checkUsable() throws HandshakeFailedException {
        if (failed) {
            throw new HandshakeFailedException("handshake already failed");
        }
    }

    private HandshakeFailedException fail(String message) {
        failed = true;
        return new HandshakeFailedException(message);
    }

    private HandshakeFailedException fail(String message, Throwable cause) {
        failed = true;
        return new HandshakeFailedException(message, cause);
    }
}

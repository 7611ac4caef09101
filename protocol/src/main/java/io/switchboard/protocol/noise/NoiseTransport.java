// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.noise;

import java.util.Optional;

/**
 * A finished handshake: one cipher state per direction, the handshake hash and the peer's static key. Not
 * thread-safe: confine it to the connection's event loop, and deliver messages to {@link #decrypt} in the order
 * they were encrypted (nonces are implicit counters, so a lost, reordered or replayed message fails).
 *
 * <p>Message size: Noise caps every message at 65535 bytes, but Switchboard lifts that cap for transport
 * messages, which carry whole frames (up to 1 MiB by default, bounded by the frame codec); AES-GCM itself allows
 * far more. Handshake messages stay bounded by {@link HandshakeState#MAX_MESSAGE_LENGTH}.
 *
 * <p>Memory: two 32-byte keys, two nonces, the 32-byte handshake hash and the peer's key, about 300 bytes; no
 * resident {@code Cipher}.
 */
public final class NoiseTransport {
    /** Noise transport messages have empty associated data. */
    private static final byte[] NO_AD = new byte[0];

    private final CipherState sender;
    private final CipherState receiver;
    private final byte[] handshakeHash;
    private final byte[] remoteStatic;

    NoiseTransport(CipherState sender, CipherState receiver, byte[] handshakeHash, byte[] remoteStatic) {
        this.sender = sender;
        this.receiver = receiver;
        this.handshakeHash = handshakeHash.clone();
        this.remoteStatic = remoteStatic == null ? null : remoteStatic.clone();
    }

    /**
     * Encrypts the next outgoing message: ciphertext is the plaintext's length plus a 16-byte tag.
     *
     * @throws NonceExhaustedException after 2^64-1 messages; reconnect
     */
    public byte[] encrypt(byte[] plaintext) throws NonceExhaustedException {
        return sender.encryptWithAd(NO_AD, plaintext);
    }

    /**
     * Decrypts the next incoming message.
     *
     * @throws DecryptFailedException if it is shorter than a tag, tampered, out of order or under another key;
     *     close the connection
     * @throws NonceExhaustedException after 2^64-1 messages; reconnect
     */
    public byte[] decrypt(byte[] ciphertext) throws DecryptFailedException, NonceExhaustedException {
        return receiver.decryptWithAd(NO_AD, ciphertext);
    }

    /** The handshake hash both sides share, for channel binding; a copy. */
    public byte[] handshakeHash() {
        return handshakeHash.clone();
    }

    /**
     * The peer's authenticated static public key (the client's credential on the server), empty only for patterns
     * without one (NN); a copy.
     */
    public Optional<byte[]> remoteStatic() {
        return Optional.ofNullable(remoteStatic).map(byte[]::clone);
    }

    /** Test-only access to the sending cipher state, to drive its nonce to exhaustion. */
    CipherState sender() {
        return sender;
    }

    /** Test-only access to the receiving cipher state. */
    CipherState receiver() {
        return receiver;
    }
}

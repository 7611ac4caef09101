// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol;

/**
 * Every error code that travels on the wire, with its explicit number and a sentence a user can act on.
 *
 * <p>Codes 1000–1099 are connection errors: the byte stream can no longer be trusted, so the connection that sent
 * it is closed (and only that one). Codes below 1000 are stanza errors, answered in an {@code <error>} reply while
 * the connection carries on. Numbers are part of the protocol: never reuse or renumber one, never use
 * {@link #ordinal()} on the wire.
 */
public enum ErrorCode {
    // --- stanza errors: answered, the connection carries on ---
    /** A stanza lacks an attribute it needs, or one has the wrong form. */
    BAD_REQUEST(400, "the request is missing a field or has one in the wrong form"),
    /** The connection is not logged in, or its credentials (a key, a code, a token) are not valid. */
    UNAUTHORIZED(401, "log in (or register) first, with valid credentials"),
    /** Logged in, but this user may not do this (not a member, not an admin, not its own address). */
    FORBIDDEN(403, "you are not allowed to do this"),
    /** The addressee or the thing asked for does not exist (an unregistered number, an unknown group or blob). */
    NOT_FOUND(404, "no such user, group or item"),
    /** The request conflicts with what the server holds (an id reused for other content, a stale device list). */
    CONFLICT(409, "the request conflicts with the server's state; refresh and retry with a new id"),
    /** What was asked for existed and is gone for good (an expired code, token or blob). */
    GONE(410, "this has expired; ask for a new one"),
    /** The payload, the mailbox or the quota it would go into is larger than the server accepts. */
    TOO_LARGE(413, "too large for the server's limits"),
    /** The sender is over a rate limit; the reply says when to retry. */
    RATE_LIMITED(429, "too many requests; slow down and retry later"),
    /** The server failed to do it and nothing was stored; retry with the same id. */
    SERVER_ERROR(500, "not stored; retry with the same id"),
    /** The server cannot take writes now (storage full, overloaded, starting); retry with the same id later. */
    UNAVAILABLE(503, "the server cannot take this now; retry with the same id later"),
    /** The server did not learn the outcome in time; retry with the same id (duplicates are dropped). */
    TIMEOUT(504, "the outcome is unknown; retry with the same id"),

    // --- connection errors: the connection closes ---
    /** The frame header or the stream of frames is broken (truncated, inconsistent length). */
    MALFORMED_FRAME(1001, "the frame is malformed; reconnect and resend"),
    /** A frame announced a payload longer than the configured maximum. */
    FRAME_TOO_LARGE(1002, "the frame is larger than the server accepts; send smaller stanzas or media over upload"),
    /** A frame's payload is not a valid binary node (bad token, bad length, leftover bytes). */
    MALFORMED_NODE(1003, "the stanza is not a valid binary node; this client is sending broken data"),
    /** A node exceeds a bound: nesting depth, list length, attribute count, string or byte length. */
    LIMIT_EXCEEDED(1004, "the stanza exceeds a protocol limit (depth, list length, attributes, string length)"),
    /** The connection header's protocol or dictionary version is not one this end speaks (bad magic: MALFORMED_FRAME). */
    UNSUPPORTED_VERSION(1005, "protocol or dictionary version not supported; update the client"),
    /** The Noise handshake failed: bad message, bad key, wrong prologue or a peer that is not who it claims. */
    HANDSHAKE_FAILED(1006, "the secure handshake failed; check the server address and the client's keys"),
    /** A transport message failed authentication (tampered, reordered or replayed ciphertext). */
    DECRYPT_FAILED(1007, "a message failed its integrity check; the connection was closed to protect it"),
    /** A cipher state used every nonce it may; the connection must be re-established with fresh keys. */
    NONCE_EXHAUSTED(1008, "the connection's encryption keys are used up; reconnect"),
    /** The peer does not read: its outbound buffer passed the server's bound. Its queue stays in the store. */
    SLOW_CONSUMER(1009, "the client stopped reading; reconnect to receive the rest"),
    /** Nothing arrived for longer than the idle limit announced at login (a dead or half-open connection). */
    IDLE_TIMEOUT(1010, "no traffic within the idle limit; reconnect"),
    /** The server is shutting down or restarting; reconnect (to another node, or later). */
    SERVER_SHUTDOWN(1011, "the server is restarting; reconnect");

    private final int code;
    private final String reason;

    ErrorCode(int code, String reason) {
        this.code = code;
        this.reason = reason;
    }

    /** The number sent on the wire. */
    public int code() {
        return code;
    }

    /** A short sentence for the user or operator. */
    public String reason() {
        return reason;
    }

    /** Whether this error closes the connection that caused it. */
    public boolean closesConnection() {
        return code >= 1000 && code < 1100;
    }

    /** The code with this wire number, or {@code null} when the number is unknown to this version. */
    public static ErrorCode fromCode(int code) {
        for (ErrorCode c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return null;
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.ops.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The admin port's shared secret. {@link #matches} compares SHA-256 digests with {@link MessageDigest#isEqual}, which
 * takes the same time wherever the first difference is, so response times tell an attacker neither a prefix nor the
 * length of the token.
 */
public final class BearerToken {
    private static final String SCHEME = "Bearer ";

    private final byte[] digest;

    public BearerToken(String token) {
        if (token.isEmpty()) {
            throw new IllegalArgumentException("an empty token would let anyone in");
        }
        this.digest = sha256(token);
    }

    /** Whether {@code authorization} (an {@code Authorization} header, or null) is {@code Bearer <this token>}. */
    public boolean matches(String authorization) {
        if (authorization == null || authorization.length() <= SCHEME.length()
                || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return false;
        }
        return MessageDigest.isEqual(digest, sha256(authorization.substring(SCHEME.length()).strip()));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}

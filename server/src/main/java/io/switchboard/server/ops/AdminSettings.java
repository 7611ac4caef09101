// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.ops;

import com.typesafe.config.Config;
import io.switchboard.server.ops.admin.AdminBounds;

/**
 * Where the admin HTTP port listens, who may call it and what one client may take of it, read once from
 * {@code switchboard.admin.*}.
 *
 * @param host   address the admin port binds to
 * @param port   admin TCP port (0 = any free port, for tests)
 * @param token  the bearer token every endpoint but {@code /health} needs; empty: none (and {@code /entity} is 403)
 * @param bounds deadlines, connection cap and request size
 */
public record AdminSettings(String host, int port, String token, AdminBounds bounds) {
    /** Shorter tokens are guessable; 16 random hex digits are 64 bits. */
    static final int MIN_TOKEN_LENGTH = 16;

    public AdminSettings {
        if (!token.isEmpty() && token.strip().length() < MIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException("switchboard.admin.token (--admin-token, SWITCHBOARD_ADMIN_TOKEN) is"
                    + " shorter than " + MIN_TOKEN_LENGTH + " characters: use a random one, e.g. openssl rand -hex 16");
        }
        token = token.strip();
    }

    /** No token, default bounds (tests). */
    public AdminSettings(String host, int port) {
        this(host, port, "", AdminBounds.DEFAULT);
    }

    public static AdminSettings create(Config config) {
        Config c = config.getConfig("switchboard.admin");
        return new AdminSettings(c.getString("host"), c.getInt("port"), c.getString("token"),
                AdminBounds.create(c));
    }

    public AdminSettings withToken(String token) {
        return new AdminSettings(host, port, token, bounds);
    }

    /** Never the token itself: settings get logged. */
    @Override
    public String toString() {
        return "AdminSettings[host=" + host + ", port=" + port + ", token=" + (token.isEmpty() ? "none" : "set")
                + ", bounds=" + bounds + "]";
    }

    public AdminSettings withBounds(AdminBounds bounds) {
        return new AdminSettings(host, port, token, bounds);
    }
}

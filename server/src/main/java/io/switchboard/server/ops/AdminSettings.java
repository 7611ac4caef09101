// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.ops;

import com.typesafe.config.Config;

/**
 * Where the admin HTTP port listens, read once from {@code switchboard.admin.*}.
 *
 * @param host address the admin port binds to
 * @param port admin TCP port (0 = any free port, for tests)
 */
public record AdminSettings(String host, int port) {

    public static AdminSettings create(Config config) {
        Config c = config.getConfig("switchboard.admin");
        return new AdminSettings(c.getString("host"), c.getInt("port"));
    }
}

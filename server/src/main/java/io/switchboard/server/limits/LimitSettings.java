// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.limits;

import com.typesafe.config.Config;

/**
 * Per-account rates, read once from {@code switchboard.limits.*} (defaults and their reasons in reference.conf).
 *
 * @param messages      messages one account may send, 1:1 and to groups together
 * @param bundleFetches key bundle fetches one account may make; each takes someone's one-time prekey
 * @param groupRequests group creates, changes and reads one account may make
 * @param typing        typing notifications one account may send; more are dropped, not refused
 * @param maxKeys       accounts each in-memory limiter remembers; the least recently seen are forgotten past it
 */
public record LimitSettings(Rate messages, Rate bundleFetches, Rate groupRequests, Rate typing, int maxKeys) {

    public static LimitSettings create(Config config) {
        Config c = config.getConfig("switchboard.limits");
        return new LimitSettings(Rate.create(c, "messages"), Rate.create(c, "bundle-fetches"),
                Rate.create(c, "group-requests"), Rate.create(c, "typing"), c.getInt("max-keys"));
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli;

import io.switchboard.client.PresenceUpdate;
import io.switchboard.client.TypingUpdate;

/** The JSON lines of presence and typing events, shared by {@code inbox} and {@code presence}. */
final class PresenceJson {

    private PresenceJson() {
    }

    /** {@code {"type":"presence","from":"+1…","state":"available"|"unavailable"[,"last_seen":SECONDS]}}. */
    static Json of(PresenceUpdate update) {
        Json json = Json.object().put("type", "presence").put("from", update.user().phone())
                .put("state", update.available() ? "available" : "unavailable");
        update.lastSeen().ifPresent(t -> json.put("last_seen", t.getEpochSecond()));
        return json;
    }

    /** {@code {"type":"typing","from":"+1…","state":"composing"|"paused"}}. */
    static Json of(TypingUpdate update) {
        return Json.object().put("type", "typing").put("from", update.from().phone())
                .put("state", update.composing() ? "composing" : "paused");
    }
}

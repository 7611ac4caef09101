-- SPDX-License-Identifier: AGPL-3.0-only
-- Presence that outlives a session: when each user was last online, and who may see it. One row per user that
-- has gone offline or chosen a privacy; a missing row means never seen and privacy 'everyone'.
--   last_seen          epoch millis of the last session's close; 0 when never seen
--   last_seen_privacy  0 = everyone, 1 = nobody (explicit wire-independent codes)
CREATE TABLE presence (
    user_id           VARCHAR(15) NOT NULL PRIMARY KEY,
    last_seen         BIGINT      NOT NULL,
    last_seen_privacy SMALLINT    NOT NULL
);

-- SPDX-License-Identifier: AGPL-3.0-only
-- Rate limits that must survive a restart (registration codes per number and per address, wrong guesses per
-- number): one token bucket per key, the same arithmetic as the in-memory limiters (io.switchboard.server.limits).
-- A row whose bucket is full again (full_at passed) says nothing a missing row would not, so it may be purged.
CREATE TABLE limit_bucket (
    limit_key  VARCHAR(80)      NOT NULL PRIMARY KEY,
    tokens     DOUBLE PRECISION NOT NULL,
    updated_at BIGINT           NOT NULL,
    full_at    BIGINT           NOT NULL
);
CREATE INDEX limit_bucket_full_at ON limit_bucket (full_at);

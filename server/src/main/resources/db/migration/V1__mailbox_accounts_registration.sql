-- SPDX-License-Identifier: AGPL-3.0-only
-- One migration set for SQLite (embedded) and PostgreSQL. Two placeholders, set by Dialect, differ:
--   ${seq_key}  a store-wide increasing key that is never reused (SQLite AUTOINCREMENT, PostgreSQL identity)
--   ${bytes}    binary column (BLOB, BYTEA)
-- Users are E.164 digits (at most 15), message ids at most 64 characters, times epoch millis.

-- Messages and receipts waiting for their recipient; a row is deleted once the recipient's client acked it.
CREATE TABLE mailbox (
    seq         ${seq_key},
    recipient   VARCHAR(15) NOT NULL,
    sender      VARCHAR(15) NOT NULL,
    message_id  VARCHAR(64) NOT NULL,
    kind        SMALLINT    NOT NULL,
    server_time BIGINT      NOT NULL,
    payload     ${bytes}    NOT NULL
);
CREATE INDEX mailbox_recipient_seq ON mailbox (recipient, seq);

-- Every (recipient, sender, id, kind) accepted within the retention, delivered or not: a retry is a duplicate
-- even after the original was delivered and deleted. Purged by seen_at.
CREATE TABLE mailbox_dedupe (
    recipient  VARCHAR(15) NOT NULL,
    sender     VARCHAR(15) NOT NULL,
    message_id VARCHAR(64) NOT NULL,
    kind       SMALLINT    NOT NULL,
    seen_at    BIGINT      NOT NULL,
    PRIMARY KEY (recipient, sender, message_id, kind)
);
CREATE INDEX mailbox_dedupe_seen_at ON mailbox_dedupe (seen_at);

-- One Noise static key per (user, device); the key is the login credential, so it is unique too.
CREATE TABLE account (
    user_id           VARCHAR(15) NOT NULL,
    device_id         INTEGER     NOT NULL,
    static_public_key ${bytes}    NOT NULL,
    created_at        BIGINT      NOT NULL,
    PRIMARY KEY (user_id, device_id)
);
CREATE UNIQUE INDEX account_static_public_key ON account (static_public_key);

-- At most one pending registration code per number; only its hash is kept.
CREATE TABLE registration_code (
    user_id         VARCHAR(15)  NOT NULL PRIMARY KEY,
    code_hash       VARCHAR(255) NOT NULL,
    expires_at      BIGINT       NOT NULL,
    failed_attempts INTEGER      NOT NULL
);

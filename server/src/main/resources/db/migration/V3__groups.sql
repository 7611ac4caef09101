-- SPDX-License-Identifier: AGPL-3.0-only
-- Groups (PROTOCOL.md §13), for SQLite and PostgreSQL alike; ${bytes} as in V1. Groups are 16 hex digits, users
-- E.164 digits, times epoch millis, seqs assigned per group by its entity (never by the database).

-- One row per group, saved whole on every change. last_seq is the highest seq ever appended: it survives the
-- retention purge of the log, so a group's seqs are never reused.
--   announce_only  0 = everyone may send, 1 = only admins
--   invite_code    the current invite link's token; '' while none was made
CREATE TABLE chat_group (
    group_id      VARCHAR(16)  NOT NULL PRIMARY KEY,
    subject       VARCHAR(100) NOT NULL,
    description   VARCHAR(512) NOT NULL,
    creator       VARCHAR(15)  NOT NULL,
    created_at    BIGINT       NOT NULL,
    announce_only SMALLINT     NOT NULL,
    invite_code   VARCHAR(32)  NOT NULL,
    last_seq      BIGINT       NOT NULL
);
-- Joining by link looks a code up; groups without one stay out of the index.
CREATE INDEX chat_group_invite_code ON chat_group (invite_code) WHERE invite_code <> '';

-- Members, current and removed. A member receives the log entries joined_seq <= seq <= until_seq; until_seq is
-- 9223372036854775807 (Long.MAX_VALUE) while it is a member, else the seq of the notification that removed it. A
-- removed member's row is deleted once delivered_seq reaches until_seq.
--   role  0 = member, 1 = admin
CREATE TABLE group_member (
    group_id      VARCHAR(16) NOT NULL,
    user_id       VARCHAR(15) NOT NULL,
    role          SMALLINT    NOT NULL,
    joined_seq    BIGINT      NOT NULL,
    delivered_seq BIGINT      NOT NULL,
    read_seq      BIGINT      NOT NULL,
    until_seq     BIGINT      NOT NULL,
    PRIMARY KEY (group_id, user_id)
);
-- A user's first session lists the groups it still receives from.
CREATE INDEX group_member_user ON group_member (user_id);

-- Each group's log of messages and notifications, stored once for all members. The payload is emptied once every
-- member has the entry; the row stays for duplicate suppression and receipts until server_time passes the
-- dedupe retention.
--   kind  1 = message, 2 = notification
CREATE TABLE group_log (
    group_id    VARCHAR(16) NOT NULL,
    seq         BIGINT      NOT NULL,
    kind        SMALLINT    NOT NULL,
    sender      VARCHAR(15) NOT NULL,
    message_id  VARCHAR(64) NOT NULL,
    server_time BIGINT      NOT NULL,
    payload     ${bytes}    NOT NULL,
    PRIMARY KEY (group_id, seq),
    -- A retry of a message (same group, kind, sender, id) is a duplicate, found by the insert itself.
    UNIQUE (group_id, kind, sender, message_id)
);
CREATE INDEX group_log_server_time ON group_log (server_time);

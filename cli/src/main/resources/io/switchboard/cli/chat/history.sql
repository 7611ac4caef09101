-- SPDX-License-Identifier: AGPL-3.0-only
-- The chat client's history (HistoryStore), run at every open: every statement is idempotent. The file is split at
-- semicolons, so none may appear inside a statement or a comment.
CREATE TABLE IF NOT EXISTS chats (
    chat    TEXT PRIMARY KEY,
    title   TEXT NOT NULL,
    started INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS messages (
    local_id INTEGER PRIMARY KEY AUTOINCREMENT,
    chat     TEXT NOT NULL,
    kind     INTEGER NOT NULL,
    outgoing INTEGER NOT NULL,
    sender   TEXT NOT NULL,
    msg_id   TEXT,
    text     TEXT NOT NULL,
    time     INTEGER NOT NULL,
    tick     INTEGER NOT NULL,
    seen     INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS messages_by_id ON messages (chat, sender, msg_id)
    WHERE msg_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS messages_by_chat ON messages (chat, local_id);
CREATE TABLE IF NOT EXISTS early_receipts (
    chat   TEXT NOT NULL,
    msg_id TEXT NOT NULL,
    tick   INTEGER NOT NULL,
    PRIMARY KEY (chat, msg_id)
);


-- SPDX-License-Identifier: AGPL-3.0-only
-- Per-account storage quota (issue 16): payload bytes of the chat messages (kind 1) each account has stored and
-- not yet delivered, in every mailbox. Changed in the same transaction as the mailbox row it counts (insert adds,
-- delete subtracts), so it is exact after any crash and shared by every node of a cluster; an append checks the
-- quota with a conditional upsert on this row, which PostgreSQL locks, so two nodes cannot both take the last room.
CREATE TABLE account_usage (
    account      VARCHAR(15) NOT NULL PRIMARY KEY,
    stored_bytes BIGINT      NOT NULL
);
-- What is already waiting counts from the start.
INSERT INTO account_usage (account, stored_bytes)
    SELECT sender, SUM(LENGTH(payload)) FROM mailbox WHERE kind = 1 GROUP BY sender;

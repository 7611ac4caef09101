-- SPDX-License-Identifier: AGPL-3.0-only
-- Message identity by registration (issue 15): a client's ids restart at 1 when its number registers again, so an
-- id alone is not a message's identity. Each (re-)registration of a device gets a new epoch, stored with the
-- account; a message is (sender, device, epoch, id). Rows written before this migration keep device 0, epoch 0,
-- which is also the epoch of every account bound before it, so retries of those messages still match.

-- The registration epoch of the device: greater than every earlier epoch of the same (user, device).
ALTER TABLE account ADD COLUMN epoch BIGINT NOT NULL DEFAULT 0;

-- The registration that wrote the message an entry is or answers (for a receipt: the original message's author),
-- and whether that message's author wants receipts (1) or sent receipt='none' (0).
ALTER TABLE mailbox ADD COLUMN origin_device INTEGER NOT NULL DEFAULT 0;
ALTER TABLE mailbox ADD COLUMN origin_epoch BIGINT NOT NULL DEFAULT 0;
ALTER TABLE mailbox ADD COLUMN receipts SMALLINT NOT NULL DEFAULT 1;

-- The dedupe key gains the origin; content_hash (the first 8 bytes of the payload's SHA-256, never 0) tells a retry
-- (same bytes) from a reused id (other bytes), which is refused with 409. 0 means unknown: rows from before.
-- receipts is as in mailbox, so a read receipt can be checked after the message itself was delivered and deleted.
CREATE TABLE mailbox_dedupe_v6 (
    recipient     VARCHAR(15) NOT NULL,
    sender        VARCHAR(15) NOT NULL,
    message_id    VARCHAR(64) NOT NULL,
    kind          SMALLINT    NOT NULL,
    origin_device INTEGER     NOT NULL,
    origin_epoch  BIGINT      NOT NULL,
    content_hash  BIGINT      NOT NULL,
    receipts      SMALLINT    NOT NULL,
    seen_at       BIGINT      NOT NULL,
    PRIMARY KEY (recipient, sender, message_id, kind, origin_device, origin_epoch)
);
INSERT INTO mailbox_dedupe_v6 (recipient, sender, message_id, kind, origin_device, origin_epoch, content_hash,
        receipts, seen_at)
    SELECT recipient, sender, message_id, kind, 0, 0, 0, 1, seen_at FROM mailbox_dedupe;
DROP TABLE mailbox_dedupe;
ALTER TABLE mailbox_dedupe_v6 RENAME TO mailbox_dedupe;
CREATE INDEX mailbox_dedupe_seen_at ON mailbox_dedupe (seen_at);

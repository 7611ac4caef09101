-- SPDX-License-Identifier: AGPL-3.0-only
-- The key directory of end-to-end encryption (PROTOCOL.md §14), for SQLite and PostgreSQL alike; ${bytes} as in V1.
-- Public keys only: the server never holds a private key or anything encrypted with one.

-- One row per device: its identity key and the two signed prekeys a bundle always carries. Replaced whole by a
-- device's full upload. low_notified is 1 once the owner was told its one-time pool runs low, 0 again after it
-- uploads more, so the owner is told once per shortage.
CREATE TABLE device_keys (
    user_id                VARCHAR(15) NOT NULL,
    device_id              INTEGER     NOT NULL,
    registration_id        INTEGER     NOT NULL,
    identity_key           ${bytes}    NOT NULL,
    signed_prekey_id       INTEGER     NOT NULL,
    signed_prekey          ${bytes}    NOT NULL,
    signed_prekey_sig      ${bytes}    NOT NULL,
    last_resort_kyber_id   INTEGER     NOT NULL,
    last_resort_kyber      ${bytes}    NOT NULL,
    last_resort_kyber_sig  ${bytes}    NOT NULL,
    updated_at             BIGINT      NOT NULL,
    low_notified           SMALLINT    NOT NULL,
    PRIMARY KEY (user_id, device_id)
);

-- One-time prekeys, each handed out at most once: a bundle fetch deletes the row it returns, in one statement.
--   kind  1 = EC (X25519), 2 = Kyber (ML-KEM); signature is empty for EC keys
CREATE TABLE one_time_prekey (
    user_id    VARCHAR(15) NOT NULL,
    device_id  INTEGER     NOT NULL,
    kind       SMALLINT    NOT NULL,
    key_id     INTEGER     NOT NULL,
    public_key ${bytes}    NOT NULL,
    signature  ${bytes}    NOT NULL,
    PRIMARY KEY (user_id, device_id, kind, key_id)
);

-- Who fetched whose bundle: the users holding a session with user_id, told when its identity key changes.
CREATE TABLE key_contact (
    user_id VARCHAR(15) NOT NULL,
    contact VARCHAR(15) NOT NULL,
    PRIMARY KEY (user_id, contact)
);

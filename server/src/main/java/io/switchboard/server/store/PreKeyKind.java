// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

/** The two kinds of one-time prekey; the codes are stored, so they are explicit and never change. */
public enum PreKeyKind {
    /** An X25519 key for the classic part of PQXDH; unsigned. */
    EC(1),
    /** An ML-KEM (Kyber) key for the post-quantum part; signed by the identity key. */
    KYBER(2);

    private final int code;

    PreKeyKind(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}

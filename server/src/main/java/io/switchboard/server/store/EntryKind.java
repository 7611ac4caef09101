// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

/**
 * What a mailbox entry carries. The codes are stored in the database, so they are explicit and never change;
 * {@code ordinal()} is never used.
 */
public enum EntryKind {
    MESSAGE(1),
    DELIVERY_RECEIPT(2),
    READ_RECEIPT(3),
    /**
     * One of the recipient's own group messages reached every member: kept under the recipient's own id (as
     * sender) and message id; the payload is the group id.
     */
    GROUP_DELIVERY_RECEIPT(4),
    /** One of the recipient's own group messages was read by every member; stored as {@link #GROUP_DELIVERY_RECEIPT}. */
    GROUP_READ_RECEIPT(5),
    /** The recipient's one-time prekey pool runs low: upload more (PROTOCOL.md §14.4). Sender is the recipient. */
    PREKEYS_LOW(6),
    /** The sender re-registered with a new identity key: sessions with it must start over (PROTOCOL.md §14.4). */
    IDENTITY_CHANGED(7);

    private final int code;

    EntryKind(int code) {
        this.code = code;
    }

    /** The stored code. */
    public int code() {
        return code;
    }

    /**
     * The kind stored as {@code code}.
     *
     * @throws IllegalArgumentException if no kind has that code
     */
    public static EntryKind fromCode(int code) {
        for (EntryKind kind : values()) {
            if (kind.code == code) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown mailbox entry kind code: " + code);
    }
}

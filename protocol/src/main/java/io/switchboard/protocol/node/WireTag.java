// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.node;

/**
 * The meaning of the first byte of every item in an encoded node (docs/PROTOCOL.md, "Byte table").
 *
 * <pre>
 *   0x00        LIST_EMPTY    a list of zero items
 *   0x01..0xEA  token         a word of the primary dictionary (byte value = line number in primary.txt)
 *   0xEB..0xEE  DICTIONARY_0..3  next byte indexes page 0..3 of the secondary dictionary
 *   0xEF..0xF6  SHORT_LIST_1..8  a list of 1..8 items, no count byte
 *   0xF7        LIST_8        next byte: item count
 *   0xF8        LIST_16       next 2 bytes (big-endian): item count
 *   0xF9        JID_PAIR      user string, then server string: "user@server"
 *   0xFA        HEX_8         packed lower-case hex digits
 *   0xFB        NIBBLE_8      packed decimal digits and '-', '.', '+'
 *   0xFC        BINARY_8      next byte: length, then that many bytes
 *   0xFD        BINARY_20     next 3 bytes: length (20 bits, top 4 bits zero), then the bytes
 *   0xFE        BINARY_32     next 4 bytes: length (big-endian), then the bytes
 *   0xFF        reserved      always malformed in this version
 * </pre>
 *
 * Values are part of the wire format: never renumber.
 */
final class WireTag {
    static final int LIST_EMPTY = 0x00;
    static final int FIRST_TOKEN = 0x01;
    static final int LAST_TOKEN = 0xEA;
    static final int DICTIONARY_0 = 0xEB;
    static final int DICTIONARY_3 = 0xEE;
    static final int SHORT_LIST_1 = 0xEF;
    static final int LIST_SHORT_MAX = 8;
    static final int LIST_8 = 0xF7;
    static final int LIST_16 = 0xF8;
    static final int JID_PAIR = 0xF9;
    static final int HEX_8 = 0xFA;
    static final int NIBBLE_8 = 0xFB;
    static final int BINARY_8 = 0xFC;
    static final int BINARY_20 = 0xFD;
    static final int BINARY_32 = 0xFE;

    /** Primary tokens available: 0x01..0xEA. */
    static final int PRIMARY_CAPACITY = LAST_TOKEN - FIRST_TOKEN + 1;
    /** Secondary tokens available: four pages of 256. */
    static final int SECONDARY_CAPACITY = 4 * 256;
    /** Packed strings hold at most 127 bytes of two characters each. */
    static final int PACKED_MAX_CHARS = 254;

    private WireTag() {
    }

    /** True for every byte that starts a list (of nodes or of children). */
    static boolean isList(int b) {
        return b == LIST_EMPTY || b == LIST_8 || b == LIST_16 || (b >= SHORT_LIST_1 && b < SHORT_LIST_1 + LIST_SHORT_MAX);
    }

    static boolean isBinary(int b) {
        return b == BINARY_8 || b == BINARY_20 || b == BINARY_32;
    }
}

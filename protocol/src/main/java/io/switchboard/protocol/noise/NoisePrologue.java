// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.noise;

/**
 * Switchboard's Noise prologue: the 4-byte connection header the client sends in clear before the handshake,
 * ASCII {@code 'S' 'B'}, the protocol version, the token dictionary version. Both ends mix it into the handshake
 * hash, so a header altered in transit, or ends that disagree on a version, fail the handshake with
 * {@link HandshakeFailedException} instead of talking past each other. The frame codec owns parsing the header;
 * this class only builds the bytes.
 */
public final class NoisePrologue {
    /** Length of the connection header. */
    public static final int LENGTH = 4;
    private static final byte MAGIC_0 = 'S';
    private static final byte MAGIC_1 = 'B';

    private NoisePrologue() {
    }

    /**
     * The header bytes {@code 'S', 'B', protocolVersion, dictionaryVersion}.
     *
     * @throws IllegalArgumentException if a version does not fit in an unsigned byte
     */
    public static byte[] of(int protocolVersion, int dictionaryVersion) {
        return new byte[] {MAGIC_0, MAGIC_1, unsignedByte(protocolVersion, "protocol version"),
            unsignedByte(dictionaryVersion, "dictionary version")};
    }

    private static byte unsignedByte(int value, String what) {
        if (value < 0 || value > 0xff) {
            throw new IllegalArgumentException(what + " " + value + " does not fit in one byte");
        }
        return (byte) value;
    }
}

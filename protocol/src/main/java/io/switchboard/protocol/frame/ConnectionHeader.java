// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.frame;

import io.switchboard.protocol.node.TokenDictionary;

/**
 * The four bytes a client sends before anything else: magic {@code 'S' 'B'}, protocol version, token dictionary
 * version. The same four bytes are the Noise prologue, so two ends that disagree on a version cannot even finish
 * the handshake; the server checks them first to answer with a clear {@link UnsupportedVersionException}.
 *
 * @param protocolVersion   version of framing, handshake and stanza rules
 * @param dictionaryVersion version of the token dictionary
 */
public record ConnectionHeader(int protocolVersion, int dictionaryVersion) {

    public static final int LENGTH = 4;
    public static final byte MAGIC_0 = 'S';
    public static final byte MAGIC_1 = 'B';
    /** The protocol version this build speaks. */
    public static final int PROTOCOL_VERSION = 1;
    /** What this build sends. */
    public static final ConnectionHeader CURRENT = new ConnectionHeader(PROTOCOL_VERSION, TokenDictionary.VERSION);

    public ConnectionHeader {
        if (protocolVersion < 0 || protocolVersion > 255 || dictionaryVersion < 0 || dictionaryVersion > 255) {
            throw new IllegalArgumentException("versions are one byte each");
        }
    }

    public byte[] toBytes() {
        return new byte[] {MAGIC_0, MAGIC_1, (byte) protocolVersion, (byte) dictionaryVersion};
    }

    /**
     * Reads and checks a received header against what this build speaks.
     *
     * @throws MalformedFrameException      when the magic is wrong: the peer does not speak Switchboard at all
     * @throws UnsupportedVersionException  when a version differs, naming both
     */
    public static ConnectionHeader accept(byte[] bytes) throws MalformedFrameException, UnsupportedVersionException {
        if (bytes.length != LENGTH || bytes[0] != MAGIC_0 || bytes[1] != MAGIC_1) {
            throw new MalformedFrameException("not a Switchboard connection: the stream must start with 'SB'");
        }
        ConnectionHeader header = new ConnectionHeader(bytes[2] & 0xFF, bytes[3] & 0xFF);
        if (header.protocolVersion != PROTOCOL_VERSION) {
            throw new UnsupportedVersionException("protocol version " + header.protocolVersion
                    + " is not supported; this end speaks " + PROTOCOL_VERSION);
        }
        if (header.dictionaryVersion != TokenDictionary.VERSION) {
            throw new UnsupportedVersionException("token dictionary version " + header.dictionaryVersion
                    + " is not supported; this end speaks " + TokenDictionary.VERSION);
        }
        return header;
    }
}

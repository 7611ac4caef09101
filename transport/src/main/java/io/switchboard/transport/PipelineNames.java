// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.transport;

/**
 * The name of every handler in a Switchboard channel pipeline, listed in the order inbound bytes travel (head to
 * tail). Server and client initializers add handlers only by these names and in this order, so the pipeline reads
 * the same everywhere:
 *
 * <pre>
 * OUTBOUND_WATCH_HANDLER      (optional, server only) counts bytes written to the socket; reports a stalled reader
 * IDLE_STATE_HANDLER          (optional) keepalive and dead-peer detection
 * CONNECTION_HEADER_DECODER   server only: checks the 4-byte header, then removes itself
 * FRAME_DECODER               bytes -> frame payloads (byte[]); 3-byte length checked before waiting for the payload
 * FRAME_ENCODER               frame payloads (byte[]) -> bytes with the 3-byte length
 * NOISE_HANDSHAKE_HANDLER     runs Noise XX, then replaces itself with NOISE_TRANSPORT_HANDLER
 * NOISE_TRANSPORT_HANDLER     ciphertext <-> plaintext (byte[] both ways)
 * NODE_DECODER                plaintext -> Node
 * NODE_ENCODER                Node -> plaintext
 * WIRE_TAP_HANDLER            (optional, client only) reports each node and its frame size to an observer
 * SESSION_HANDLER             the application: the server's session or the client's connection
 * CONNECTION_ERROR_HANDLER    last: the one place that closes a connection on an error
 * </pre>
 */
public final class PipelineNames {
    public static final String OUTBOUND_WATCH_HANDLER = "outboundWatchHandler";
    public static final String IDLE_STATE_HANDLER = "idleStateHandler";
    public static final String CONNECTION_HEADER_DECODER = "connectionHeaderDecoder";
    public static final String FRAME_DECODER = "frameDecoder";
    public static final String FRAME_ENCODER = "frameEncoder";
    public static final String NOISE_HANDSHAKE_HANDLER = "noiseHandshakeHandler";
    public static final String NOISE_TRANSPORT_HANDLER = "noiseTransportHandler";
    public static final String HANDSHAKE_ADMISSION = "handshakeAdmission";
    public static final String NODE_DECODER = "nodeDecoder";
    public static final String NODE_ENCODER = "nodeEncoder";
    public static final String WIRE_TAP_HANDLER = "wireTapHandler";
    public static final String SESSION_HANDLER = "sessionHandler";
    public static final String CONNECTION_ERROR_HANDLER = "connectionErrorHandler";

    private PipelineNames() {
    }
}

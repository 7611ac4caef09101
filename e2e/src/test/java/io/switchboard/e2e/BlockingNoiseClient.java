// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.e2e;

import io.switchboard.crypto.SignalX25519;
import io.switchboard.protocol.frame.ConnectionHeader;
import io.switchboard.protocol.frame.FrameCodec;
import io.switchboard.protocol.node.Node;
import io.switchboard.protocol.node.NodeDecoder;
import io.switchboard.protocol.node.NodeEncoder;
import io.switchboard.protocol.node.NodeLimits;
import io.switchboard.protocol.node.TokenDictionary;
import io.switchboard.protocol.noise.HandshakePattern;
import io.switchboard.protocol.noise.HandshakeState;
import io.switchboard.protocol.noise.NoiseTransport;
import io.switchboard.protocol.noise.X25519KeyPair;

import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A client on a plain blocking socket, built from the protocol module alone: it logs in and then reads only when
 * the test says so, which is how a slow or stalled phone looks to the server.
 */
final class BlockingNoiseClient implements AutoCloseable {
    private final Socket socket = new Socket();
    private final DataInputStream in;
    private final OutputStream out;
    private final NoiseTransport transport;
    private final NodeDecoder decoder = new NodeDecoder(TokenDictionary.standard(), NodeLimits.DEFAULT);

    BlockingNoiseClient(int port, X25519KeyPair deviceKey) throws Exception {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(30_000);
        socket.setReceiveBufferSize(4096); // small, so a stalled reader backs up into the server quickly
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        byte[] header = ConnectionHeader.CURRENT.toBytes();
        out.write(header);
        HandshakeState handshake = HandshakeState.initiator(HandshakePattern.XX, new SignalX25519(), header,
                deviceKey, null);
        writeFrame(handshake.writeMessage(new byte[0]));
        handshake.readMessage(readFrame());
        writeFrame(handshake.writeMessage(new NodeEncoder(TokenDictionary.standard()).encode(Node.of("login"))));
        transport = handshake.split();
    }

    /** The next node from the server. */
    Node read() throws Exception {
        return decoder.decode(transport.decrypt(readFrame()));
    }

    private void writeFrame(byte[] payload) throws Exception {
        out.write(new FrameCodec(FrameCodec.DEFAULT_MAX_FRAME_SIZE).frame(payload));
        out.flush();
    }

    private byte[] readFrame() throws Exception {
        byte[] header = new byte[3];
        in.readFully(header);
        byte[] payload = new byte[FrameCodec.readHeader(header[0], header[1], header[2])];
        in.readFully(payload);
        return payload;
    }

    @Override
    public void close() throws Exception {
        socket.close();
    }
}

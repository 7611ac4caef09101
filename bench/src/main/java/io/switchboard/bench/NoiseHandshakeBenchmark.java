// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.bench;

import io.switchboard.crypto.SignalX25519;
import io.switchboard.protocol.noise.HandshakePattern;
import io.switchboard.protocol.noise.HandshakeState;
import io.switchboard.protocol.noise.JdkX25519;
import io.switchboard.protocol.frame.ConnectionHeader;
import io.switchboard.protocol.noise.NoiseTransport;
import io.switchboard.protocol.noise.X25519;
import io.switchboard.protocol.noise.X25519KeyPair;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What a login costs in transport crypto, per X25519 implementation: a full Noise XX handshake with both sides in
 * one thread (2 key generations and 6 DH in all), one X25519 DH, one key generation, and the steady-state cost of
 * a 64-byte transport message (encrypt on one side, decrypt on the other, per-thread AES-GCM engines).
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar NoiseHandshake}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class NoiseHandshakeBenchmark {
    private static final byte[] PROLOGUE = ConnectionHeader.CURRENT.toBytes();
    private static final byte[] EMPTY = new byte[0];

    @Param({"jdk", "signal"})
    public String x25519;

    private X25519 impl;
    private X25519KeyPair clientStatic;
    private X25519KeyPair serverStatic;
    private NoiseTransport client;
    private NoiseTransport server;
    private byte[] message;

    @Setup
    public void setUp() throws Exception {
        impl = switch (x25519) {
            case "jdk" -> new JdkX25519();
            case "signal" -> new SignalX25519();
            default -> throw new IllegalArgumentException("unknown X25519 implementation " + x25519);
        };
        clientStatic = impl.generateKeyPair();
        serverStatic = impl.generateKeyPair();
        NoiseTransport[] pair = handshake(impl, clientStatic, serverStatic);
        client = pair[0];
        server = pair[1];
        message = new byte[64];
        new SplittableRandom(42).nextBytes(message);
    }

    /** Both sides of one XX handshake, static keys already loaded, as a server and its client would run it. */
    @Benchmark
    public void xxHandshake(Blackhole blackhole) throws Exception {
        NoiseTransport[] pair = handshake(impl, clientStatic, serverStatic);
        blackhole.consume(pair[0]);
        blackhole.consume(pair[1]);
    }

    @Benchmark
    public byte[] dh() throws Exception {
        return impl.dh(clientStatic.privateKey(), serverStatic.publicKey());
    }

    @Benchmark
    public X25519KeyPair generateKeyPair() {
        return impl.generateKeyPair();
    }

    /** One 64-byte transport message: encrypted by the client, decrypted by the server. */
    @Benchmark
    public byte[] transportEncryptDecrypt64() throws Exception {
        return server.decrypt(client.encrypt(message));
    }

    private static NoiseTransport[] handshake(X25519 impl, X25519KeyPair clientStatic, X25519KeyPair serverStatic)
            throws Exception {
        HandshakeState initiator = HandshakeState.initiator(HandshakePattern.XX, impl, PROLOGUE, clientStatic, null);
        HandshakeState responder = HandshakeState.responder(HandshakePattern.XX, impl, PROLOGUE, serverStatic, null);
        responder.readMessage(initiator.writeMessage(EMPTY));
        initiator.readMessage(responder.writeMessage(EMPTY));
        responder.readMessage(initiator.writeMessage(EMPTY));
        return new NoiseTransport[] {initiator.split(), responder.split()};
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.bench;

import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.signal.libsignal.protocol.SessionCipher;
import org.signal.libsignal.protocol.groups.GroupCipher;
import org.signal.libsignal.protocol.groups.GroupSessionBuilder;
import org.signal.libsignal.protocol.message.SignalMessage;

/**
 * What end-to-end encryption costs a client per message, with libsignal on in-memory stores (the crypto alone; the
 * SDK's file store adds its writes): a steady-state 1:1 "hello" encrypted by one side and decrypted by the other
 * (Double Ratchet, the peer answering every so often so both chains move), a whole session start (PQXDH with a
 * Kyber-1024 prekey, then the first message decrypted), and a group "hello" under a sender key (encrypt once,
 * decrypt by one member). One thread, so ops/s are per core.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar E2eeBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class E2eeBenchmark {

    private SignalPeers.Pair pair;
    private SessionCipher aliceCipher;
    private SessionCipher bobCipher;
    private SessionCipher bobAnswers;
    private SessionCipher aliceReads;
    private GroupCipher groupSender;
    private GroupCipher groupReader;
    private UUID distribution;
    private int sent;

    @Setup
    public void setUp() throws Exception {
        pair = SignalPeers.pairWithSession();
        aliceCipher = new SessionCipher(pair.alice(), SignalPeers.BOB);
        bobCipher = new SessionCipher(pair.bob(), SignalPeers.ALICE);
        bobAnswers = bobCipher;
        aliceReads = aliceCipher;
        distribution = UUID.randomUUID();
        GroupSessionBuilder builder = new GroupSessionBuilder(pair.alice());
        new GroupSessionBuilder(pair.bob()).process(SignalPeers.ALICE, builder.create(SignalPeers.ALICE,
                distribution));
        groupSender = new GroupCipher(pair.alice(), SignalPeers.ALICE);
        groupReader = new GroupCipher(pair.bob(), SignalPeers.ALICE);
    }

    @Benchmark
    public byte[] oneToOneEncryptAndDecrypt() throws Exception {
        if (++sent % 16 == 0) {
            // Bob answers now and then, so each side's ratchet turns as in a conversation.
            aliceReads.decrypt(new SignalMessage(bobAnswers.encrypt(SignalPeers.HELLO).serialize()));
        }
        return bobCipher.decrypt(new SignalMessage(aliceCipher.encrypt(SignalPeers.HELLO).serialize()));
    }

    @Benchmark
    public byte[] oneToOneEncryptOnly() throws Exception {
        return aliceCipher.encrypt(SignalPeers.HELLO).serialize();
    }

    @Benchmark
    public byte[] sessionStartAndFirstMessage() throws Exception {
        return SignalPeers.freshSessionFirstMessage();
    }

    @Benchmark
    public byte[] groupEncryptAndDecrypt() throws Exception {
        return groupReader.decrypt(groupSender.encrypt(distribution, SignalPeers.HELLO).serialize());
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.bench;

import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.node.CodecFixtures;
import io.switchboard.protocol.node.Node;
import io.switchboard.protocol.node.NodeDecoder;
import io.switchboard.protocol.node.NodeEncoder;
import io.switchboard.protocol.node.NodeLimits;
import io.switchboard.protocol.node.TokenDictionary;
import io.switchboard.protocol.stanza.ChatMessageStanza;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import javax.xml.stream.XMLStreamException;
import java.util.concurrent.TimeUnit;

/**
 * Encode and decode of the two shapes that matter most: the "hello" chat message (every 1:1 message looks like it)
 * and a group notification listing 1,024 participants (the largest routine stanza). One thread: the figures are
 * per core. The XML baselines run the same trees through the JDK's StAX in the same run, so the ratio holds on a
 * noisy machine. Run: {@code java -jar bench/target/benchmarks.jar NodeCodec}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class NodeCodecBenchmark {

    private final NodeEncoder encoder = new NodeEncoder(TokenDictionary.standard());
    private final NodeDecoder decoder = new NodeDecoder(TokenDictionary.standard(), NodeLimits.DEFAULT);

    private final Node hello = new ChatMessageStanza("15551230002@s.switchboard", "a3", "hello", true).toNode();
    private final byte[] helloBytes = encoder.encode(hello);
    private final Node group = CodecFixtures.groupNotification(1024);
    private final byte[] groupBytes = encoder.encode(group);
    private final XmppXmlBaseline xml = new XmppXmlBaseline();

    @Benchmark
    public byte[] helloEncode() {
        return encoder.encode(hello);
    }

    @Benchmark
    public Node helloDecode() throws ProtocolException {
        return decoder.decode(helloBytes);
    }

    /** The headline figure: one encode plus one decode of the hello message. */
    @Benchmark
    public Node helloRoundTrip() throws ProtocolException {
        return decoder.decode(encoder.encode(hello));
    }

    @Benchmark
    public byte[] group1024Encode() {
        return encoder.encode(group);
    }

    @Benchmark
    public Node group1024Decode() throws ProtocolException {
        return decoder.decode(groupBytes);
    }

    /** Baseline in the same run: the same hello written and parsed as XML by the JDK's StAX. */
    @Benchmark
    public Node helloXmlRoundTripBaseline() throws XMLStreamException {
        return xml.read(xml.write(hello));
    }

    /** Baseline: the 1,024-member notification written and parsed as XML. */
    @Benchmark
    public Node group1024XmlRoundTripBaseline() throws XMLStreamException {
        return xml.read(xml.write(group));
    }

    @Benchmark
    public Node group1024RoundTrip() throws ProtocolException {
        return decoder.decode(encoder.encode(group));
    }

    /** Latency percentiles of a hello round trip (JMH's sampling mode: p50, p99, p99.99). */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Node helloRoundTripLatency() throws ProtocolException {
        return decoder.decode(encoder.encode(hello));
    }
}

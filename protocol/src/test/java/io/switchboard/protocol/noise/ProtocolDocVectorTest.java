// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.noise;

import io.switchboard.protocol.ProtocolDoc;
import io.switchboard.protocol.frame.ConnectionHeader;
import io.switchboard.protocol.frame.FrameCodec;
import io.switchboard.protocol.node.Node;
import io.switchboard.protocol.node.NodeEncoder;
import io.switchboard.protocol.node.TokenDictionary;
import org.junit.jupiter.api.Test;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PROTOCOL.md §4.7's handshake vector, replayed with the keys the doc gives: every message, the handshake hash, both
 * transport keys and the first transport message each way must be the doc's bytes, and so must the first bytes on
 * the wire quoted after it. A client author checks an implementation against these numbers first.
 */
class ProtocolDocVectorTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final Pattern KEY_ROW = Pattern.compile("^\\| ([a-z ]+) \\| `([0-9a-f]{64})` \\| `([0-9a-f]{64})` \\|");
    private static final Pattern WIRE = Pattern.compile("`((?:[0-9a-f]{2} )+)…`");

    private final List<String> section = ProtocolDoc.load().section("### 4.7");
    private final Map<String, String> values = values(section);
    private final X25519 x25519 = new JdkX25519();

    @Test
    void handshakeWithTheDocumentedKeysProducesTheDocumentedMessagesAndHash() throws Exception {
        Run run = run();
        assertThat(HEX.formatHex(run.message1)).isEqualTo(value("message 1"));
        assertThat(HEX.formatHex(run.message2)).isEqualTo(value("message 2"));
        assertThat(HEX.formatHex(run.message3)).isEqualTo(value("message 3"));
        assertThat(HEX.formatHex(run.client.handshakeHash())).isEqualTo(value("handshake hash"));
    }

    @Test
    void documentedPublicKeysAreThoseOfTheDocumentedPrivateKeys() {
        Map<String, String[]> keys = keys();
        assertThat(keys).containsOnlyKeys("client static", "client ephemeral", "server static", "server ephemeral");
        keys.forEach((name, pair) -> assertThat(HEX.formatHex(x25519.publicKey(HEX.parseHex(pair[0])))).as(name)
                .isEqualTo(pair[1]));
    }

    @Test
    void firstTransportMessagesEachWayAreTheDocumentedCiphertextsUnderTheDocumentedKeys() throws Exception {
        Run run = run();
        byte[] hello = helloNode();
        byte[] ping = new NodeEncoder(TokenDictionary.standard()).encode(Node.of("ping"));
        assertThat(HEX.formatHex(run.client.encrypt(hello))).isEqualTo(value("first client -> server"));
        assertThat(HEX.formatHex(run.server.encrypt(ping))).isEqualTo(value("first server -> client"));
        // k1 and k2 as printed are the AES-256-GCM keys: nonce 0, no associated data (§4.6).
        assertThat(HEX.formatHex(aesGcm(value("k1"), hello))).isEqualTo(value("first client -> server"));
        assertThat(HEX.formatHex(aesGcm(value("k2"), ping))).isEqualTo(value("first server -> client"));
    }

    @Test
    void firstBytesOnTheWireAreTheHeaderThenFrameOneAndTheHelloFrame() throws Exception {
        Run run = run();
        FrameCodec frames = new FrameCodec(FrameCodec.ABSOLUTE_MAX_FRAME_SIZE);
        byte[] opening = concat(ConnectionHeader.CURRENT.toBytes(), frames.frame(run.message1));
        byte[] helloFrame = frames.frame(run.client.encrypt(helloNode()));
        List<String> quoted = WIRE.matcher(String.join(" ", section)).results().map(r -> r.group(1).strip()).toList();
        assertThat(quoted).hasSize(2);
        assertThat(spaced(opening)).startsWith(quoted.get(0));
        assertThat(spaced(helloFrame)).startsWith(quoted.get(1));
        assertThat(helloFrame).hasSize(46);
    }

    private record Run(byte[] message1, byte[] message2, byte[] message3, NoiseTransport client,
                       NoiseTransport server) {
    }

    private Run run() throws Exception {
        Map<String, String[]> keys = keys();
        byte[] prologue = ConnectionHeader.CURRENT.toBytes();
        HandshakeState client = HandshakeState.withFixedEphemeral(true, HandshakePattern.XX, x25519, prologue,
                pair(keys.get("client static")), null, pair(keys.get("client ephemeral")));
        HandshakeState server = HandshakeState.withFixedEphemeral(false, HandshakePattern.XX, x25519, prologue,
                pair(keys.get("server static")), null, pair(keys.get("server ephemeral")));
        byte[] m1 = client.writeMessage(new byte[0]);
        server.readMessage(m1);
        byte[] m2 = server.writeMessage(new byte[0]);
        client.readMessage(m2);
        byte[] m3 = client.writeMessage(new byte[0]);
        server.readMessage(m3);
        return new Run(m1, m2, m3, client.split(), server.split());
    }

    /** The one value whose label starts with {@code prefix}. */
    private String value(String prefix) {
        List<String> found = values.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .map(Map.Entry::getValue).toList();
        assertThat(found).as("§4.7 values labelled '" + prefix + "…'").hasSize(1);
        return found.get(0);
    }

    private X25519KeyPair pair(String[] hex) {
        return x25519.keyPair(HEX.parseHex(hex[0]));
    }

    private Map<String, String[]> keys() {
        Map<String, String[]> keys = new LinkedHashMap<>();
        for (String line : section) {
            Matcher m = KEY_ROW.matcher(line);
            if (m.find()) {
                keys.put(m.group(1), new String[] {m.group(2), m.group(3)});
            }
        }
        return keys;
    }

    /** The fenced block's "label:" lines, each followed by indented hex lines; keyed by the label up to '(' or ','. */
    private static Map<String, String> values(List<String> section) {
        Map<String, String> values = new LinkedHashMap<>();
        String label = null;
        boolean fenced = false;
        for (String line : section) {
            if (line.startsWith("```")) {
                fenced = !fenced;
            } else if (fenced && !line.startsWith(" ")) {
                label = line.split("[(,:]")[0].strip();
                values.put(label, "");
            } else if (fenced) {
                values.merge(label, line.strip(), String::concat);
            }
        }
        return values;
    }

    private static byte[] helloNode() {
        return new NodeEncoder(TokenDictionary.standard()).encode(Node.builder("message")
                .attr("to", "15551230002@s.switchboard").attr("id", "a3")
                .child(Node.builder("body").bytes("hello".getBytes(StandardCharsets.UTF_8))).build());
    }

    private static byte[] aesGcm(String key, byte[] plaintext) throws Exception {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(HEX.parseHex(key), "AES"),
                new GCMParameterSpec(128, new byte[12]));
        return cipher.doFinal(plaintext);
    }

    private static String spaced(byte[] bytes) {
        return HEX.formatHex(bytes).replaceAll("(..)(?!$)", "$1 ");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.bench;

import io.switchboard.protocol.frame.FrameCodec;
import io.switchboard.protocol.node.Node;
import io.switchboard.protocol.node.NodeEncoder;
import io.switchboard.protocol.node.TokenDictionary;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.signal.libsignal.protocol.SessionCipher;
import org.signal.libsignal.protocol.groups.GroupCipher;
import org.signal.libsignal.protocol.groups.GroupSessionBuilder;

/**
 * The sizes {@link io.switchboard.bench.harness.E2eeWireSize} prints: each message as the SDK sends it (a
 * {@code <message to id>} with {@code <body>} or {@code <enc type>}), encoded, framed, plus Noise's 16-byte tag.
 */
public final class E2eeSizes {
    private static final int NOISE_TAG = 16;
    private static final NodeEncoder ENCODER = new NodeEncoder(TokenDictionary.standard());

    private E2eeSizes() {
    }

    public static void print(PrintStream out) throws Exception {
        SignalPeers.Pair pair = SignalPeers.pairWithSession();
        byte[] first = pair.first().serialize();
        byte[] steady = new SessionCipher(pair.alice(), SignalPeers.BOB).encrypt(SignalPeers.HELLO).serialize();
        UUID distribution = UUID.randomUUID();
        new GroupSessionBuilder(pair.alice()).create(SignalPeers.ALICE, distribution);
        byte[] group = new GroupCipher(pair.alice(), SignalPeers.ALICE).encrypt(distribution, SignalPeers.HELLO)
                .serialize();
        Node body = Node.builder("body").bytes("hello".getBytes(StandardCharsets.UTF_8)).build();
        out.println("form | ciphertext bytes | node bytes | frame on the wire (incl. Noise tag)");
        row(out, "plaintext <body>hello</body>", 0, message("15551230002@s.switchboard", body));
        row(out, "first message <enc type='pkmsg'> (PQXDH, Kyber-1024)", first.length,
                message("15551230002@s.switchboard", enc("pkmsg", first)));
        row(out, "steady state <enc type='msg'>", steady.length,
                message("15551230002@s.switchboard", enc("msg", steady)));
        row(out, "group <enc type='skmsg'> (sender key)", group.length,
                message("1a2b3c4d5e6f7081@g.switchboard", enc("skmsg", group)));
    }

    private static Node enc(String type, byte[] ciphertext) {
        return Node.builder("enc").attr("type", type).bytes(ciphertext).build();
    }

    private static Node message(String to, Node content) {
        return Node.builder("message").attr("to", to).attr("id", "a3").child(content).build();
    }

    private static void row(PrintStream out, String form, int ciphertext, Node node) {
        int encoded = ENCODER.encode(node).length;
        out.println(form + " | " + (ciphertext == 0 ? "-" : ciphertext) + " | " + encoded + " | "
                + (FrameCodec.HEADER_LENGTH + encoded + NOISE_TAG));
    }
}

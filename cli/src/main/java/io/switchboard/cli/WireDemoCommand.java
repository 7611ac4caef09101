// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli;

import io.switchboard.cli.demo.XmppXml;
import io.switchboard.protocol.frame.FrameCodec;
import io.switchboard.protocol.id.UserId;
import io.switchboard.protocol.frame.FrameTooLargeException;
import io.switchboard.protocol.node.Node;
import io.switchboard.protocol.node.NodeEncoder;
import io.switchboard.protocol.node.TokenDictionary;
import io.switchboard.protocol.stanza.ChatMessageStanza;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code switchboard wire-demo}: shows the chat message a client sends as XMPP XML and as Switchboard's binary
 * frame, with both sizes and their ratio, ending with one summary line for scripts.
 */
@Command(name = "wire-demo", mixinStandardHelpOptions = true,
        description = "Show a chat message as XMPP XML and as Switchboard's binary frame, with sizes.")
final class WireDemoCommand implements Callable<Integer> {

    @Option(names = "--to", description = "Recipient phone number, E.164 (default: ${DEFAULT-VALUE}).",
            defaultValue = "+15551230002")
    String phone;

    @Option(names = "--id", description = "Message id, a per-device counter in hex (default: ${DEFAULT-VALUE}).",
            defaultValue = "a3")
    String id;

    @Option(names = "--text", description = "Message body (default: ${DEFAULT-VALUE}).", defaultValue = "hello")
    String text;

    private final PrintStream out;

    WireDemoCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws FrameTooLargeException {
        ChatMessageStanza message = new ChatMessageStanza(UserId.fromPhone(phone).address(), id, text, true);
        Node node = message.toNode();
        String xml = xmppXml(message);
        byte[] xmlBytes = xml.getBytes(StandardCharsets.UTF_8);
        byte[] frame = new FrameCodec(FrameCodec.DEFAULT_MAX_FRAME_SIZE)
                .frame(new NodeEncoder(TokenDictionary.standard()).encode(node));

        out.printf("A 1:1 chat message to %s, id %s, body \"%s\", delivery receipt requested.%n%n", phone, id, text);
        out.printf("As XMPP XML (%d bytes):%n  %s%n%n", xmlBytes.length, xml);
        out.printf("As a Switchboard binary frame (%d bytes: 3-byte length header + %d-byte node,"
                + " before transport encryption):%n  %s%n%n", frame.length, frame.length - 3, spacedHex(frame));
        out.printf("The same frame rendered for logs (bodies show as lengths):%n  %s%n%n", node);
        out.println("The binary form needs no type='chat' and no <request/>: chat and receipts are the defaults,");
        out.println("and the server stamps sender and time.");
        out.println();
        out.printf(Locale.ROOT, "hello: binary %d bytes, xml %d bytes, ratio %.1f%n",
                frame.length, xmlBytes.length, (double) xmlBytes.length / frame.length);
        return 0;
    }

    /** The same fields as XMPP would send them (RFC 6121 message, XEP-0184 receipt request). */
    static String xmppXml(ChatMessageStanza message) {
        return XmppXml.render(message.toNode());
    }

    private static String spacedHex(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }
}

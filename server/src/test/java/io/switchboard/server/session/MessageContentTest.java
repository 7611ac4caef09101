// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.protocol.node.Node;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** How a message's content becomes the opaque payload the stores keep, and back. */
class MessageContentTest {

    private static Node message(Node content) {
        return Node.builder("message").attr("to", "15550001111@s.switchboard").attr("id", "1").child(content).build();
    }

    @Test
    void aBodyIsStoredAsItsBytesAndReadBackAsABody() {
        byte[] text = "hello".getBytes(StandardCharsets.UTF_8);
        byte[] payload = MessageContent.payloadOf(message(Node.builder("body").bytes(text).build()), 100);

        assertThat(payload).isEqualTo(text);
        assertThat(MessageContent.contentOf(payload)).isEqualTo(Node.builder("body").bytes(text).build());
    }

    @Test
    void ciphertextKeepsItsTypeThroughTheStore() {
        byte[] ciphertext = {(byte) 0xFF, 0x00, 0x33, 0x01};
        for (String type : new String[] {"pkmsg", "msg", "skmsg"}) {
            Node enc = Node.builder("enc").attr("type", type).bytes(ciphertext).build();
            assertThat(MessageContent.contentOf(MessageContent.payloadOf(message(enc), 100))).isEqualTo(enc);
        }
    }

    @Test
    void aBodyStartingWithTheCiphertextMarkIsRefused() {
        Node body = Node.builder("body").bytes(new byte[] {(byte) 0xFF, 2, 3}).build();

        assertThatThrownBy(() -> MessageContent.payloadOf(message(body), 100))
                .hasMessageContaining("UTF-8");
    }

    @Test
    void anUnknownEncTypeIsRefused() {
        Node enc = Node.builder("enc").attr("type", "rot13").bytes(new byte[] {1}).build();

        assertThatThrownBy(() -> MessageContent.payloadOf(message(enc), 100)).hasMessageContaining("pkmsg");
    }

    @Test
    void ciphertextOverTheBoundIsRefused() {
        Node enc = Node.builder("enc").attr("type", "msg").bytes(new byte[101]).build();

        assertThatThrownBy(() -> MessageContent.payloadOf(message(enc), 100)).hasMessageContaining("100 bytes");
    }

    @Test
    void aMessageWithBothBodyAndEncIsRefused() {
        Node both = Node.builder("message").attr("id", "1").child(Node.builder("body").bytes(new byte[] {1}))
                .child(Node.builder("enc").attr("type", "msg").bytes(new byte[] {1})).build();

        assertThatThrownBy(() -> MessageContent.payloadOf(both, 100)).hasMessageContaining("exactly one");
    }

    @Test
    void anEmptyBodyIsRefused() {
        assertThatThrownBy(() -> MessageContent.payloadOf(message(Node.builder("body").bytes(new byte[0]).build()),
                100)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 100 bytes");
    }

    @Test
    void twoBodiesAreRefusedRatherThanTheSecondDropped() {
        Node body = Node.builder("body").bytes("hi".getBytes(StandardCharsets.UTF_8)).build();
        Node two = Node.builder("message").attr("to", "15550001111@s.switchboard").attr("id", "1").child(body)
                .child(body).build();

        assertThat(MessageContent.refusalOf(two)).contains("exactly one <body> or <enc>");
    }

    @Test
    void onlyTheReceiptAndTypeValuesTheSpecDefinesAreAccepted() {
        Node body = Node.builder("body").bytes("hi".getBytes(StandardCharsets.UTF_8)).build();
        Node all = Node.builder("message").attr("to", "1@s.switchboard").attr("id", "1").attr("receipt", "all")
                .child(body).build();
        Node groupchat = Node.builder("message").attr("to", "1@s.switchboard").attr("id", "1")
                .attr("type", "groupchat").child(body).build();
        Node none = Node.builder("message").attr("to", "1@s.switchboard").attr("id", "1").attr("receipt", "none")
                .attr("type", "chat").child(body).build();

        assertThat(MessageContent.refusalOf(all)).contains("receipt='all' is not defined");
        assertThat(MessageContent.refusalOf(groupchat)).contains("type='groupchat' is not defined");
        assertThat(MessageContent.refusalOf(none)).isNull();
        assertThat(MessageContent.refusalOf(message(body))).isNull();
    }
}

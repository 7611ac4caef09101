// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli.demo;

import io.switchboard.protocol.node.Node;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class XmppXmlTest {
    private static final String BOB = "15551230002@s.switchboard";
    private static final String GROUP = "1a2b3c4d5e6f7081@g.switchboard";

    private static Node body(String text) {
        return Node.builder("body").bytes(text.getBytes(StandardCharsets.UTF_8)).build();
    }

    @Test
    void deliveredChatMessageCarriesTheServerTimeAsDelayAndAsksForAReceipt() {
        Node message = Node.builder("message").attr("from", BOB).attr("id", "a3").attr("t", "1732700001")
                .child(body("a<b & 'c'")).build();
        assertThat(XmppXml.render(message)).isEqualTo("<message from='" + BOB + "' id='a3' type='chat'>"
                + "<body>a&lt;b &amp; &apos;c&apos;</body><request xmlns='urn:xmpp:receipts'/>"
                + "<delay xmlns='urn:xmpp:delay' stamp='2024-11-27T09:33:21Z'/></message>");
    }

    @Test
    void groupMessageComesFromTheRoomWithTheSenderAsOccupant() {
        Node message = Node.builder("message").attr("from", GROUP).attr("participant", BOB).attr("id", "a4")
                .child(body("hi")).build();
        assertThat(XmppXml.render(message)).isEqualTo("<message from='" + GROUP + "/15551230002' id='a4'"
                + " type='groupchat'><body>hi</body></message>");
    }

    @Test
    void receiptsAreXep0184AndChatMarkersAndAcksAreStreamManagement() {
        assertThat(XmppXml.render(Node.builder("receipt").attr("type", "delivery").attr("from", BOB)
                .attr("id", "a3").build()))
                .isEqualTo("<message from='" + BOB + "'><received xmlns='urn:xmpp:receipts' id='a3'/></message>");
        assertThat(XmppXml.render(Node.builder("receipt").attr("type", "read").attr("to", BOB).attr("id", "a3")
                .build()))
                .isEqualTo("<message to='" + BOB + "'><displayed xmlns='urn:xmpp:chat-markers:0' id='a3'/></message>");
        assertThat(XmppXml.render(Node.builder("ack").attr("class", "message").attr("id", "a3").build()))
                .isEqualTo("<a xmlns='urn:xmpp:sm:3' h='1'/>");
    }

    @Test
    void iqPayloadGetsANamespaceAndTimesBecomeDates() {
        Node ping = Node.builder("iq").attr("id", "k1").attr("type", "get").child(Node.of("ping")).build();
        assertThat(XmppXml.render(ping)).isEqualTo("<iq id='k1' type='get'><ping xmlns='urn:xmpp:ping'/></iq>");
        Node presence = Node.builder("presence").attr("from", BOB).attr("type", "unavailable")
                .attr("last", "1732700000").build();
        assertThat(XmppXml.render(presence)).isEqualTo("<presence from='" + BOB + "' type='unavailable'>"
                + "<idle xmlns='urn:xmpp:idle:1' since='2024-11-27T09:33:20Z'/></presence>");
    }
}

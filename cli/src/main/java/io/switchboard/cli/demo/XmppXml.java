// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli.demo;

import io.switchboard.protocol.id.GroupId;
import io.switchboard.protocol.node.Attributes;
import io.switchboard.protocol.node.Node;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/**
 * Renders a Switchboard node as the XML stanza a comparable XMPP server would carry for the same information, so
 * sizes can be set side by side: a chat message as an RFC 6121 {@code <message type='chat'>} with a XEP-0184 receipt
 * request, receipts as XEP-0184 {@code <received/>} and XEP-0333 {@code <displayed/>}, typing as XEP-0085, the
 * server's time stamp as XEP-0203 {@code <delay/>}, last seen as XEP-0319 {@code <idle/>}, group messages as
 * XEP-0045 {@code groupchat}, and every ack as a XEP-0198 stream-management {@code <a/>}. Where XMPP has no
 * standard stanza (registration by phone, group changes), the node is written out as XML with a namespace on the
 * payload. The rendering errs in XMPP's favour: no {@code to} on stanzas the server delivers, one-digit ack
 * counters, no stream framing or TLS record overhead. Stateless.
 */
public final class XmppXml {
    private static final String RECEIPTS = "urn:xmpp:receipts";
    private static final String MARKERS = "urn:xmpp:chat-markers:0";
    private static final String CHAT_STATES = "http://jabber.org/protocol/chatstates";
    private static final Map<String, String> IQ_NAMESPACES = Map.of(
            "ping", "urn:xmpp:ping",
            "register", "jabber:iq:register",
            "verify", "jabber:iq:register",
            "privacy", "jabber:iq:privacy");
    private static final String GROUP_NAMESPACE = "http://jabber.org/protocol/muc#admin";
    private static final String OTHER_NAMESPACE = "urn:xmpp:switchboard:0";

    private XmppXml() {
    }

    /** The XML an XMPP server would carry for {@code node}. */
    public static String render(Node node) {
        return switch (node.tag()) {
            case "message" -> message(node);
            case "ack" -> ack(node);
            case "receipt" -> receipt(node);
            case "chatstate" -> chatState(node);
            case "presence" -> presence(node);
            case "iq" -> iq(node);
            case "notification" -> notification(node);
            case "success", "failure" -> generic(node, "urn:ietf:params:xml:ns:xmpp-sasl");
            default -> generic(node, null);
        };
    }

    /** The UTF-8 size of {@link #render}. */
    public static int size(Node node) {
        return render(node).getBytes(StandardCharsets.UTF_8).length;
    }

    private static String message(Node node) {
        boolean group = isGroup(node.attr("to")) || isGroup(node.attr("from"));
        StringBuilder xml = new StringBuilder("<message");
        if (node.attr("to") != null) {
            attr(xml, "to", node.attr("to"));
        } else {
            String from = node.attr("from");
            // A MUC message comes from the room, with the sender as the room occupant (resource).
            attr(xml, "from", group && node.attr("participant") != null
                    ? from + "/" + local(node.attr("participant")) : from);
        }
        attr(xml, "id", node.attr("id"));
        attr(xml, "type", group ? "groupchat" : "chat");
        xml.append('>');
        Node body = node.child("body");
        if (body != null) {
            xml.append("<body>").append(text(body)).append("</body>");
        }
        Node enc = node.child("enc");
        if (enc != null && enc.bytes() != null) {
            // XMPP's Signal-protocol encryption, OMEMO (XEP-0384), carries the ciphertext in Base64.
            xml.append("<encrypted xmlns='urn:xmpp:omemo:2'><payload>")
                    .append(Base64.getEncoder().encodeToString(enc.bytes())).append("</payload></encrypted>");
        }
        if (!group && !"none".equals(node.attr("receipt"))) {
            xml.append("<request xmlns='").append(RECEIPTS).append("'/>");
        }
        delay(xml, node.attr("t"));
        return xml.append("</message>").toString();
    }

    private static String ack(Node node) {
        if (node.attr("error") != null) {
            StringBuilder xml = new StringBuilder("<message");
            attr(xml, "id", node.attr("id"));
            attr(xml, "type", "error");
            xml.append("><error type='cancel' code='").append(escape(node.attr("error"))).append("'>")
                    .append("<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>")
                    .append(escape(String.valueOf(node.attr("text")))).append("</text></error></message>");
            return xml.toString();
        }
        return "<a xmlns='urn:xmpp:sm:3' h='1'/>";
    }

    private static String receipt(Node node) {
        StringBuilder xml = new StringBuilder("<message");
        String peer = node.attr("to") != null ? "to" : "from";
        attr(xml, peer, node.attr(peer));
        if (isGroup(node.attr(peer))) {
            attr(xml, "type", "groupchat");
        }
        xml.append("><").append("read".equals(node.attr("type")) ? "displayed" : "received");
        attr(xml, "xmlns", "read".equals(node.attr("type")) ? MARKERS : RECEIPTS);
        attr(xml, "id", node.attr("id"));
        xml.append("/>");
        delay(xml, node.attr("t"));
        return xml.append("</message>").toString();
    }

    private static String chatState(Node node) {
        StringBuilder xml = new StringBuilder("<message");
        attr(xml, node.attr("to") != null ? "to" : "from", node.attr("to") != null ? node.attr("to") : node.attr("from"));
        attr(xml, "type", "chat");
        xml.append("><").append(node.attr("type") == null ? "active" : node.attr("type"));
        attr(xml, "xmlns", CHAT_STATES);
        return xml.append("/></message>").toString();
    }

    private static String presence(Node node) {
        StringBuilder xml = new StringBuilder("<presence");
        attr(xml, "to", node.attr("to"));
        attr(xml, "from", node.attr("from"));
        String type = node.attr("type");
        // XMPP's available presence is the one without a type.
        attr(xml, "type", "available".equals(type) ? null : type);
        String last = node.attr("last");
        if (last == null && node.children().isEmpty()) {
            return xml.append("/>").toString();
        }
        xml.append('>');
        if (last != null) {
            xml.append("<idle xmlns='urn:xmpp:idle:1'");
            attr(xml, "since", isoTime(last));
            xml.append("/>");
        }
        node.children().forEach(child -> element(xml, child, null));
        return xml.append("</presence>").toString();
    }

    private static String iq(Node node) {
        StringBuilder xml = new StringBuilder("<iq");
        appendAttributes(xml, node.attributes());
        if (node.children().isEmpty()) {
            return xml.append("/>").toString();
        }
        xml.append('>');
        boolean group = isGroup(node.attr("to")) || GroupId.DOMAIN.equals(node.attr("to"));
        for (Node child : node.children()) {
            element(xml, child, group || child.tag().equals("group")
                    ? GROUP_NAMESPACE : IQ_NAMESPACES.getOrDefault(child.tag(), OTHER_NAMESPACE));
        }
        return xml.append("</iq>").toString();
    }

    private static String notification(Node node) {
        StringBuilder xml = new StringBuilder("<message");
        attr(xml, "from", node.attr("from"));
        attr(xml, "id", node.attr("id"));
        attr(xml, "type", "groupchat");
        xml.append("><x xmlns='http://jabber.org/protocol/muc#user'>");
        if (node.attr("participant") != null) {
            xml.append("<actor");
            attr(xml, "jid", node.attr("participant"));
            xml.append("/>");
        }
        node.children().forEach(child -> element(xml, child, null));
        xml.append("</x>");
        delay(xml, node.attr("t"));
        return xml.append("</message>").toString();
    }

    private static String generic(Node node, String namespace) {
        StringBuilder xml = new StringBuilder();
        element(xml, node, namespace);
        return xml.toString();
    }

    private static void element(StringBuilder xml, Node node, String namespace) {
        xml.append('<').append(node.tag());
        attr(xml, "xmlns", namespace);
        appendAttributes(xml, node.attributes());
        byte[] bytes = node.bytes();
        if (bytes == null && node.children().isEmpty()) {
            xml.append("/>");
            return;
        }
        xml.append('>');
        if (bytes != null) {
            xml.append(text(node));
        }
        node.children().forEach(child -> element(xml, child, null));
        xml.append("</").append(node.tag()).append('>');
    }

    private static void appendAttributes(StringBuilder xml, Attributes attributes) {
        for (int i = 0; i < attributes.size(); i++) {
            String key = attributes.key(i);
            String value = attributes.value(i);
            attr(xml, key, key.equals("t") || key.equals("last") ? isoTime(value) : value);
        }
    }

    private static void delay(StringBuilder xml, String t) {
        if (t != null) {
            xml.append("<delay xmlns='urn:xmpp:delay'");
            attr(xml, "stamp", isoTime(t));
            xml.append("/>");
        }
    }

    private static void attr(StringBuilder xml, String key, String value) {
        if (value != null) {
            xml.append(' ').append(key).append("='").append(escape(value)).append('\'');
        }
    }

    /** Byte content as XML text: UTF-8 text escaped, anything else base64, as XMPP carries binary. */
    private static String text(Node node) {
        byte[] bytes = node.bytes();
        if (bytes == null) {
            return "";
        }
        try {
            return escape(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Base64.getEncoder().encodeToString(bytes);
        }
    }

    /** Unix seconds as XMPP's date-time (XEP-0082); other values unchanged. */
    private static String isoTime(String seconds) {
        if (seconds == null || !seconds.matches("[0-9]{1,12}")) {
            return seconds;
        }
        return Instant.ofEpochSecond(Long.parseLong(seconds)).toString();
    }

    private static boolean isGroup(String address) {
        return address != null && GroupId.isGroupAddress(address);
    }

    private static String local(String address) {
        int at = address.indexOf('@');
        return at < 0 ? address : address.substring(0, at);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;");
    }
}

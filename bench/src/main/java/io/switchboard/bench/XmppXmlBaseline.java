// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.bench;

import io.switchboard.protocol.node.Node;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The baseline the binary codec is measured against: the same node tree written and parsed as XMPP-style XML with
 * the JDK's StAX, as an XML-speaking chat server would. Only for benchmarks; byte content is written as text.
 */
final class XmppXmlBaseline {

    private final XMLOutputFactory outputs = XMLOutputFactory.newFactory();
    private final XMLInputFactory inputs = XMLInputFactory.newFactory();

    byte[] write(Node node) throws XMLStreamException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        XMLStreamWriter writer = outputs.createXMLStreamWriter(out, "UTF-8");
        write(writer, node);
        writer.flush();
        return out.toByteArray();
    }

    private static void write(XMLStreamWriter writer, Node node) throws XMLStreamException {
        writer.writeStartElement(node.tag());
        for (int i = 0; i < node.attributes().size(); i++) {
            writer.writeAttribute(node.attributes().key(i), node.attributes().value(i));
        }
        byte[] bytes = node.bytes();
        if (bytes != null) {
            writer.writeCharacters(new String(bytes, StandardCharsets.UTF_8));
        }
        for (Node child : node.children()) {
            write(writer, child);
        }
        writer.writeEndElement();
    }

    Node read(byte[] xml) throws XMLStreamException {
        XMLStreamReader reader = inputs.createXMLStreamReader(new ByteArrayInputStream(xml), "UTF-8");
        Deque<Node.Builder> open = new ArrayDeque<>();
        Node done = null;
        while (reader.hasNext()) {
            switch (reader.next()) {
                case XMLStreamConstants.START_ELEMENT -> {
                    Node.Builder builder = Node.builder(reader.getLocalName());
                    for (int i = 0; i < reader.getAttributeCount(); i++) {
                        builder.attr(reader.getAttributeLocalName(i), reader.getAttributeValue(i));
                    }
                    open.push(builder);
                }
                case XMLStreamConstants.CHARACTERS -> open.peek().bytes(reader.getText().getBytes(StandardCharsets.UTF_8));
                case XMLStreamConstants.END_ELEMENT -> {
                    Node node = open.pop().build();
                    if (open.isEmpty()) {
                        done = node;
                    } else {
                        open.peek().child(node);
                    }
                }
                default -> { }
            }
        }
        return done;
    }
}

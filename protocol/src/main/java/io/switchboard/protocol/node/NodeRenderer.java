// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.node;

/**
 * Renders a node as XML-like text for logs and {@code --trace}: {@code <message to='…' id='a3'><body>[5
 * bytes]</body></message>}. Byte content (bodies, ciphertext, media keys) appears as its length only, so a
 * rendering is safe to log. Not a serialisation: nothing parses it back.
 */
public final class NodeRenderer {

    private NodeRenderer() {
    }

    public static String render(Node node) {
        StringBuilder sb = new StringBuilder(64);
        render(node, sb);
        return sb.toString();
    }

    private static void render(Node node, StringBuilder sb) {
        sb.append('<');
        escape(node.tag(), sb);
        Attributes attributes = node.attributes();
        for (int i = 0; i < attributes.size(); i++) {
            sb.append(' ');
            escape(attributes.key(i), sb);
            sb.append("='");
            escape(attributes.value(i), sb);
            sb.append('\'');
        }
        Content content = node.content();
        if (content instanceof Content.Empty) {
            sb.append("/>");
            return;
        }
        sb.append('>');
        if (content instanceof Content.Bytes bytes) {
            sb.append('[').append(bytes.length()).append(" bytes]");
        } else if (content instanceof Content.Children children) {
            for (Node child : children.nodes()) {
                render(child, sb);
            }
        }
        sb.append("</");
        escape(node.tag(), sb);
        sb.append('>');
    }

    /**
     * Escapes what would break the rendering's shape, and control characters that would forge a log line. Tags and
     * keys come from the peer as much as values do, so all three go through here.
     */
    private static void escape(String value, StringBuilder sb) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\'' -> sb.append("&apos;");
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                default -> {
                    if (c < 0x20 || c == 0x7F) {
                        sb.append(String.format("&#x%X;", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.node;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One element of the binary protocol: a tag, ordered attributes, and {@link Content} (nothing, child nodes or raw
 * bytes). The tree XMPP would spell as XML, without the closing tags. Immutable and safe to share between threads.
 *
 * <pre>{@code
 * Node hello = Node.builder("message")
 *         .attr("to", "15551230002@s.switchboard").attr("id", "a3")
 *         .child(Node.builder("body").bytes("hello".getBytes(UTF_8)))
 *         .build();
 * }</pre>
 *
 * @param tag        the element name; never empty
 * @param attributes the attributes, keys unique
 * @param content    what follows the attributes
 */
public record Node(String tag, Attributes attributes, Content content) {

    public Node {
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(attributes, "attributes");
        Objects.requireNonNull(content, "content");
        if (tag.isEmpty()) {
            throw new IllegalArgumentException("a node's tag must not be empty");
        }
    }

    /** A node with a tag alone: {@code <ping/>}. */
    public static Node of(String tag) {
        return new Node(tag, Attributes.EMPTY, Content.NONE);
    }

    public static Builder builder(String tag) {
        return new Builder(tag);
    }

    /** The value of attribute {@code key}, or {@code null}. */
    public String attr(String key) {
        return attributes.get(key);
    }

    /** The child nodes, or an empty list when the content is not a list of children. */
    public List<Node> children() {
        return content instanceof Content.Children c ? c.nodes() : List.of();
    }

    /** The first child with {@code tag}, or {@code null}. */
    public Node child(String tag) {
        for (Node child : children()) {
            if (child.tag.equals(tag)) {
                return child;
            }
        }
        return null;
    }

    /** A copy of the byte content, or {@code null} when the content is not bytes. */
    public byte[] bytes() {
        return content instanceof Content.Bytes b ? b.toArray() : null;
    }

    /** The XML-like debug rendering; byte content appears as its length only. */
    @Override
    public String toString() {
        return NodeRenderer.render(this);
    }

    /** Builds a {@link Node}; attributes keep the order they are added in. Not thread-safe. */
    public static final class Builder {
        private final String tag;
        private String[] keysAndValues = new String[8];
        private int attributeSlots;
        private Content content = Content.NONE;
        private List<Node> children;

        private Builder(String tag) {
            this.tag = tag;
        }

        /** Adds an attribute; a repeated key fails at {@link #build()}. */
        public Builder attr(String key, String value) {
            if (attributeSlots == keysAndValues.length) {
                keysAndValues = Arrays.copyOf(keysAndValues, attributeSlots * 2);
            }
            keysAndValues[attributeSlots++] = key;
            keysAndValues[attributeSlots++] = value;
            return this;
        }

        /** Adds an attribute when {@code value} is not null. */
        public Builder attrIfPresent(String key, String value) {
            return value == null ? this : attr(key, value);
        }

        /** Appends a child; the content becomes a list of children. */
        public Builder child(Node child) {
            if (children == null) {
                children = new ArrayList<>();
            }
            children.add(Objects.requireNonNull(child, "child"));
            content = null;
            return this;
        }

        public Builder child(Builder child) {
            return child(child.build());
        }

        /** Appends children; with an empty list the content is an empty list of children. */
        public Builder children(List<Node> nodes) {
            if (children == null) {
                children = new ArrayList<>();
            }
            children.addAll(nodes);
            content = null;
            return this;
        }

        /** Sets byte content (copied); replaces any children. */
        public Builder bytes(byte[] bytes) {
            children = null;
            content = Content.Bytes.copyOf(bytes);
            return this;
        }

        public Node build() {
            Content built = children != null ? new Content.Children(children) : content;
            return new Node(tag, Attributes.of(Arrays.copyOf(keysAndValues, attributeSlots)), built);
        }
    }
}

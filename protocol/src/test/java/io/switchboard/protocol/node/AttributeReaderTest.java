// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.node;

import io.switchboard.protocol.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AttributeReaderTest {

    @Test
    void everyMissingOrMistypedAttributeIsReportedAtOnce() {
        Node node = Node.builder("message").attr("t", "12x").build();
        AttributeReader reader = node.attributes().reader(node.tag());
        reader.required("to");
        reader.required("id");
        reader.optionalLong("t", 0);
        assertThat(reader.ok()).isFalse();
        assertThatThrownBy(reader::check).isInstanceOf(AttributeReader.InvalidAttributesException.class)
                .hasMessage("<message>: missing 'to'; missing 'id'; 't' is not a number")
                .extracting(e -> ((AttributeReader.InvalidAttributesException) e).code())
                .isEqualTo(ErrorCode.BAD_REQUEST);
    }

    @Test
    void presentAttributesReadCleanly() throws Exception {
        Node node = Node.builder("ack").attr("id", "a3").attr("t", "1732700000").attr("count", "7").build();
        AttributeReader reader = node.attributes().reader(node.tag());
        assertThat(reader.required("id")).isEqualTo("a3");
        assertThat(reader.requiredLong("t")).isEqualTo(1732700000L);
        assertThat(reader.requiredInt("count", 10)).isEqualTo(7);
        assertThat(reader.optional("type", "chat")).isEqualTo("chat");
        reader.check();
    }

    @Test
    void numbersBeyondTheirBoundAreReported() {
        Node node = Node.builder("iq").attr("count", "5000").attr("t", "-1").build();
        AttributeReader reader = node.attributes().reader(node.tag());
        reader.requiredInt("count", 1024);
        reader.requiredLong("t");
        assertThatThrownBy(reader::check).hasMessage("<iq>: 'count' is larger than 1024; 't' is not a number");
    }

    @Test
    void repeatedAttributeIsRefusedByTheBuilder() {
        assertThatThrownBy(() -> Node.builder("iq").attr("id", "1").attr("id", "2").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'id' appears twice");
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.node;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NodeRendererTest {

    @Test
    void helloRendersAsXmlWithTheBodyAsItsLength() {
        assertThat(NodeRenderer.render(NodeCodecTest.hello()))
                .isEqualTo("<message to='15551230002@s.switchboard' id='a3'><body>[5 bytes]</body></message>");
    }

    @Test
    void byteContentNeverAppearsInTheRendering() {
        Node secret = Node.builder("enc").bytes("attack at dawn".getBytes()).build();
        assertThat(secret.toString()).isEqualTo("<enc>[14 bytes]</enc>").doesNotContain("attack");
    }

    @Test
    void quotesAndControlCharactersAreEscaped() {
        Node node = Node.builder("iq").attr("name", "it's\n<b>").build();
        assertThat(node.toString()).isEqualTo("<iq name='it&apos;s&#xA;&lt;b>'/>");
    }

    @Test
    void emptyChildListRendersOpenAndClosed() {
        assertThat(Node.builder("list").children(java.util.List.of()).build().toString()).isEqualTo("<list></list>");
    }

    @Test
    void tagsAndKeysFromThePeerCannotForgeLogLines() {
        Node node = Node.builder("iq\nFAKE").attr("k<\n", "v").build();
        assertThat(node.toString()).isEqualTo("<iq&#xA;FAKE k&lt;&#xA;='v'/>").doesNotContain("\n");
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.node;

import io.switchboard.protocol.ProtocolException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever tree or string goes in comes back exactly, whichever encoding path each string takes. */
class NodeCodecProperties {

    private final TokenDictionary dictionary = TokenDictionary.standard();
    private final NodeEncoder encoder = new NodeEncoder(dictionary);
    private final NodeDecoder decoder = new NodeDecoder(dictionary, NodeLimits.DEFAULT);

    @Property(tries = 2000)
    void randomNodeTreesRoundTripExactly(@ForAll("nodes") Node node) throws ProtocolException {
        assertThat(decoder.decode(encoder.encode(node))).isEqualTo(node);
    }

    @Property(tries = 5000)
    void randomStringsRoundTripAsTagsAndValues(@ForAll("strings") String s) throws ProtocolException {
        Node node = Node.builder(s.isEmpty() ? "iq" : s).attr("v", s).build();
        assertThat(decoder.decode(encoder.encode(node))).isEqualTo(node);
    }

    @Property(tries = 1000)
    void encodingIsNeverLongerThanRawUtf8PlusHeaders(@ForAll("strings") String s) {
        Node node = Node.builder("iq").attr("v", s).build();
        int raw = s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        // LIST_3, "iq", "v", then at worst BINARY_20 + 3 length bytes, or a JID pair around a raw user.
        assertThat(encoder.encode(node).length).isLessThanOrEqualTo(3 + 5 + raw);
    }

    @Provide
    Arbitrary<String> strings() {
        Arbitrary<String> tokens = Arbitraries.integers().between(1, dictionary.primarySize())
                .map(i -> dictionary.primary(i));
        Arbitrary<String> secondary = Arbitraries.integers().between(0, dictionary.secondarySize() - 1)
                .map(i -> dictionary.secondary(i / 256, i % 256));
        Arbitrary<String> digits = Arbitraries.strings().withChars("0123456789-.+").ofMinLength(1).ofMaxLength(300);
        Arbitrary<String> hex = Arbitraries.strings().withChars("0123456789abcdef").ofMinLength(1).ofMaxLength(300);
        Arbitrary<String> unicode = Arbitraries.strings()
                .withCharRange('\u0000', '\uD7FF').withCharRange('\uE000', '\uFFFF').ofMaxLength(40);
        Arbitrary<String> ascii = Arbitraries.strings().ascii().ofMaxLength(300);
        Arbitrary<String> users = Arbitraries.oneOf(digits, hex, ascii, tokens);
        Arbitrary<String> servers = Arbitraries.oneOf(tokens, secondary, ascii);
        Arbitrary<String> jids = Combinators.combine(users, servers).as((u, s) -> u + "@" + s);
        Arbitrary<String> emoji = Arbitraries.of("\uD83D\uDE00", "\uD83D\uDC4D\uD83C\uDFFD", "caf\u00E9", "\u4F60\u597D");
        return Arbitraries.oneOf(tokens, secondary, digits, hex, unicode, ascii, jids, emoji);
    }

    @Provide
    Arbitrary<Node> nodes() {
        return node(3);
    }

    private Arbitrary<Node> node(int depth) {
        Arbitrary<String> tags = strings().filter(s -> !s.isEmpty());
        Arbitrary<List<String[]>> attributePairs = Combinators.combine(tags, strings())
                .as((k, v) -> new String[] {k, v}).list().ofMaxSize(6);
        Arbitrary<Content> content = depth == 0 ? leafContent() : Arbitraries.oneOf(leafContent(),
                Arbitraries.lazy(() -> node(depth - 1)).list().ofMaxSize(5).map(Content.Children::new));
        return Combinators.combine(tags, attributePairs, content).as((tag, pairs, c) -> {
            List<String> keysAndValues = new ArrayList<>();
            for (String[] pair : pairs) {
                String[] sofar = keysAndValues.toArray(new String[0]);
                if (Attributes.indexOf(sofar, sofar.length, pair[0]) < 0) {
                    keysAndValues.add(pair[0]);
                    keysAndValues.add(pair[1]);
                }
            }
            return new Node(tag, Attributes.of(keysAndValues.toArray(new String[0])), c);
        });
    }

    private Arbitrary<Content> leafContent() {
        return Arbitraries.oneOf(
                Arbitraries.just(Content.NONE),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300).map(Content.Bytes::copyOf),
                Arbitraries.just(new Content.Children(List.of())));
    }
}

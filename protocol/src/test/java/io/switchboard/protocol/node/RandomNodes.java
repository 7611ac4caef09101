// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.node;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded random node trees for the fuzzer's corpus: every string form and content kind appears. */
final class RandomNodes {

    private RandomNodes() {
    }

    static Node node(SplittableRandom random, int depth) {
        Node.Builder builder = Node.builder(string(random));
        int attributes = random.nextInt(5);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < attributes; i++) {
            String key = string(random);
            if (!key.isEmpty() && !keys.contains(key)) {
                keys.add(key);
                builder.attr(key, string(random));
            }
        }
        switch (random.nextInt(depth == 0 ? 2 : 3)) {
            case 0 -> { }
            case 1 -> builder.bytes(new byte[random.nextInt(300)]);
            default -> {
                List<Node> children = new ArrayList<>();
                for (int i = random.nextInt(12); i > 0; i--) {
                    children.add(node(random, depth - 1));
                }
                builder.children(children);
            }
        }
        return builder.build();
    }

    static String string(SplittableRandom random) {
        TokenDictionary dictionary = TokenDictionary.standard();
        return switch (random.nextInt(6)) {
            case 0 -> dictionary.primary(1 + random.nextInt(dictionary.primarySize()));
            case 1 -> {
                int i = random.nextInt(dictionary.secondarySize());
                yield dictionary.secondary(i / 256, i % 256);
            }
            case 2 -> Long.toString(random.nextLong(1L << 50));
            case 3 -> Long.toHexString(random.nextLong(1L << 50));
            case 4 -> String.format("1555%07d@s.switchboard", random.nextInt(10_000_000));
            default -> "w" + random.nextInt(100_000) + "\u00E9";
        };
    }
}

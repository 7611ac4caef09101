// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import io.switchboard.protocol.node.Node;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OutboxTest {

    @Test
    void anEntryPutBackForARetryKeepsItsPlaceBeforeLaterOnes() {
        Outbox outbox = new Outbox(100);
        for (int i = 0; i < 5; i++) {
            outbox.add("m" + i, Node.of("message"));
        }
        Outbox.Entry refused = outbox.remove("m1");
        Outbox.Entry alsoRefused = outbox.remove("m3");
        outbox.add("m5", Node.of("message"));
        outbox.putBack(alsoRefused);
        outbox.putBack(refused);
        assertThat(outbox.unsentOn(1).stream().map(entry -> entry.key))
                .containsExactly("m0", "m1", "m2", "m3", "m4", "m5");
    }

    @Test
    void anAckByIdSuffixRemovesTheOldestMatchingEntry() {
        Outbox outbox = new Outbox(100);
        outbox.add("rA 7", Node.of("receipt"));
        outbox.add("rB 7", Node.of("receipt"));
        assertThat(outbox.removeFirstEndingWith("r", " 7").key).isEqualTo("rA 7");
        assertThat(outbox.size()).isEqualTo(1);
        assertThat(outbox.unsentOn(1)).hasSize(1);
    }
}

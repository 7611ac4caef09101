// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.node;

import java.util.ArrayList;
import java.util.List;

/** Stanzas shared by codec tests and benchmarks (published in protocol's test-jar). */
public final class CodecFixtures {

    private CodecFixtures() {
    }

    /** The phone-number address of the {@code n}th test user: 1555123 followed by four digits. */
    public static String userJid(int n) {
        return String.format("1555123%04d@s.switchboard", n);
    }

    /** A group notification that adds {@code members} participants, as the server fans it out. */
    public static Node groupNotification(int members) {
        List<Node> participants = new ArrayList<>(members);
        for (int i = 0; i < members; i++) {
            participants.add(Node.builder("participant").attr("jid", userJid(i)).build());
        }
        return Node.builder("notification")
                .attr("type", "group")
                .attr("from", "120363001700000000@g.switchboard")
                .attr("id", "7f3a")
                .attr("t", "1732700000")
                .attr("participant", userJid(1))
                .child(Node.builder("add").children(participants))
                .build();
    }
}

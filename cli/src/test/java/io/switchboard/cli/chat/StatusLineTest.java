// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli.chat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatusLineTest {

    @Test
    void aLongTextWrapsBetweenWordsAndTheLastRowEndsInAnEllipsisAfterAWholeWord() {
        assertThat(StatusLine.fit("cannot add +15551230004: 403 not an admin of this group", 20, 2, "…"))
                .containsExactly("cannot add", "+15551230004: 403…");
        assertThat(StatusLine.fit("not sent", 20, 2, "…")).containsExactly("not sent");
    }

    @Test
    void truncateKeepsWholeWordsOnly() {
        assertThat(StatusLine.truncate("Enter send - Esc back - PgUp/PgDn scroll", 19, "..."))
                .isEqualTo("Enter send - Esc...");
        assertThat(StatusLine.truncate("Enter send - Esc back - PgUp/PgDn scroll", 18, "..."))
                .isEqualTo("Enter send -...");
        assertThat(StatusLine.truncate("short", 18, "...")).isEqualTo("short");
        assertThat(StatusLine.truncate("abcdefghijklmnop", 8, "…")).as("one word wider than the row")
                .isEqualTo("abcdefg…");
    }
}

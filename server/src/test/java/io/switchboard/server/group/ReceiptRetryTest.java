// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.id.MessageId;
import io.switchboard.protocol.id.UserId;
import io.switchboard.server.store.EntryKind;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When a group tries again to store an aggregated receipt whose store failed, and that it keeps it until stored. */
class ReceiptRetryTest {

    private static final ReceiptRetry.Owed OWED = new ReceiptRetry.Owed(new UserId("15551230001"),
            new MessageId("a1"), EntryKind.GROUP_DELIVERY_RECEIPT);

    @Test
    void aFailedReceiptStaysOwedWithGrowingButBoundedWaitsUntilStored() {
        ReceiptRetry retry = new ReceiptRetry();
        retry.started(OWED);

        assertThat(retry.failed(OWED)).isEqualTo(Duration.ofMillis(200));
        assertThat(retry.failed(OWED)).isEqualTo(Duration.ofMillis(400));
        assertThat(retry.failed(OWED)).isEqualTo(Duration.ofMillis(800));
        for (int i = 0; i < 100; i++) {
            assertThat(retry.failed(OWED)).isLessThanOrEqualTo(ReceiptRetry.MAX_DELAY);
        }
        assertThat(retry.failed(OWED)).isEqualTo(ReceiptRetry.MAX_DELAY);
        assertThat(retry.isEmpty()).isFalse();

        retry.stored(OWED);

        assertThat(retry.isEmpty()).isTrue();
        assertThat(retry.failures(OWED)).isZero();
    }

    @Test
    void aReceiptUnderWayKeepsTheGroupFromPassivating() {
        ReceiptRetry retry = new ReceiptRetry();
        retry.started(OWED);
        assertThat(retry.isEmpty()).isFalse();
        retry.started(OWED);
        assertThat(retry.failures(OWED)).isZero();
    }
}

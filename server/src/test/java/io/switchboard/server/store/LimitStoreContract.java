// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import io.switchboard.server.limits.Rate;
import io.switchboard.server.limits.TokenBucket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the limit store must do on a real database: a bucket keeps its tokens across reopening the store, counts
 * every one of many concurrent takes, and keys are apart.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class LimitStoreContract {
    private static final Rate THREE_AN_HOUR = Rate.of(3, Duration.ofHours(1));
    private static final long NOW = 1_800_000_000_000L;

    protected abstract StoreSettings settings();

    private final String key = "test:" + UUID.randomUUID();
    private Stores stores;

    @BeforeEach
    void openStore() {
        stores = Stores.open(settings());
    }

    @AfterEach
    void closeStore() {
        stores.close();
    }

    @Test
    void anUnknownKeyHasAFullBucketAndEachTakeCountsDown() throws Exception {
        assertThat(stores.limits().peek(key, THREE_AN_HOUR, NOW).get()).isZero();
        assertThat(take(NOW).bucket().tokens()).isEqualTo(2.0);
        assertThat(take(NOW).bucket().tokens()).isEqualTo(1.0);
        assertThat(take(NOW).allowed()).isTrue();
        TokenBucket.Taken refused = take(NOW);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.waitMillis()).isEqualTo(Duration.ofMinutes(20).toMillis());
        assertThat(stores.limits().peek(key, THREE_AN_HOUR, NOW).get()).isEqualTo(Duration.ofMinutes(20).toMillis());
        assertThat(take(NOW + Duration.ofMinutes(20).toMillis()).allowed()).as("one token back after 20 min").isTrue();
    }

    @Test
    void anEmptyBucketStaysEmptyAfterTheStoreIsReopened() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(take(NOW).allowed()).isTrue();
        }
        stores.close();
        stores = Stores.open(settings());
        assertThat(take(NOW + 1_000).allowed()).isFalse();
    }

    @Test
    void concurrentTakesAreEachCounted() throws Exception {
        Rate tenAnHour = Rate.of(10, Duration.ofHours(1));
        List<CompletableFuture<TokenBucket.Taken>> takes = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            takes.add(stores.limits().take(key, tenAnHour, NOW));
        }
        long allowed = 0;
        for (CompletableFuture<TokenBucket.Taken> take : takes) {
            allowed += take.get().allowed() ? 1 : 0;
        }
        assertThat(allowed).isEqualTo(10);
    }

    @Test
    void keysHaveBucketsOfTheirOwn() throws Exception {
        for (int i = 0; i < 3; i++) {
            take(NOW);
        }
        assertThat(stores.limits().take(key + "-other", THREE_AN_HOUR, NOW).get().allowed()).isTrue();
    }

    private TokenBucket.Taken take(long now) throws Exception {
        return stores.limits().take(key, THREE_AN_HOUR, now).get();
    }
}

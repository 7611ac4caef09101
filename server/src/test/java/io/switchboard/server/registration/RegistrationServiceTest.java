// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.registration;

import io.switchboard.protocol.id.UserId;
import io.switchboard.server.config.ServerSettings.RegistrationSettings;
import io.switchboard.server.limits.SourceKey;
import io.switchboard.server.store.StoreSettings;
import io.switchboard.server.store.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Registration's limits on the real embedded store: per number per hour, not per code, and kept across restarts. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RegistrationServiceTest {
    private static final RegistrationSettings SETTINGS = new RegistrationSettings(Duration.ofMinutes(10), 5, 3, 20);
    private static final UserId BOB = new UserId("15550001111");
    private static final SourceKey HOME = new SourceKey("192.0.2.7");
    private static final byte[] KEY = new byte[32];

    @TempDir
    Path dataDir;

    private final MovableClock clock = new MovableClock();
    private final Map<UserId, String> sent = new ConcurrentHashMap<>();
    private Stores stores;
    private RegistrationService service;

    @BeforeEach
    void open() {
        stores = Stores.open(StoreSettings.embedded(dataDir));
        service = new RegistrationService(stores.registrations(), stores.accounts(), stores.limits(),
                sent::put, SETTINGS, clock);
    }

    @AfterEach
    void close() {
        stores.close();
    }

    @Test
    void aNewCodeDoesNotResetTheWrongGuessesOfTheHour() throws Exception {
        service.requestCode(BOB, HOME).get();
        for (int i = 0; i < 3; i++) {
            assertThat(code(verify(wrong()))).isEqualTo(RegistrationException.WRONG_CODE);
        }
        service.requestCode(BOB, HOME).get();
        assertThat(code(verify(wrong()))).isEqualTo(RegistrationException.WRONG_CODE);
        assertThat(code(verify(wrong()))).as("the fifth wrong guess of the hour").isEqualTo(RegistrationException.LOCKED);
        assertThat(code(verify(sent.get(BOB)))).as("even the right code").isEqualTo(RegistrationException.LOCKED);
    }

    @Test
    void wrongGuessesSurviveARestart() throws Exception {
        service.requestCode(BOB, HOME).get();
        for (int i = 0; i < 5; i++) {
            verify(wrong()).handle((ok, failure) -> null).get();
        }
        close();
        open();
        assertThat(code(verify(sent.get(BOB)))).isEqualTo(RegistrationException.LOCKED);
    }

    @Test
    void aGuessComesBackEveryTwelveMinutes() throws Exception {
        service.requestCode(BOB, HOME).get();
        for (int i = 0; i < 5; i++) {
            verify(wrong()).handle((ok, failure) -> null).get();
        }
        clock.advance(Duration.ofMinutes(11));
        assertThat(code(verify(sent.get(BOB)))).isEqualTo(RegistrationException.LOCKED);
        clock.advance(Duration.ofMinutes(1));
        service.requestCode(BOB, HOME).get();
        assertThat(service.verify(BOB, sent.get(BOB), KEY).get().user()).isEqualTo(BOB);
    }

    @Test
    void codesPerNumberSurviveARestart() throws Exception {
        for (int i = 0; i < 3; i++) {
            service.requestCode(BOB, HOME).get();
        }
        close();
        open();
        assertThat(code(service.requestCode(BOB, new SourceKey("198.51.100.1"))))
                .isEqualTo(RegistrationException.RATE_LIMITED);
        assertThat(service.requestCode(new UserId("15550002222"), HOME).get().code()).hasSize(6);
    }

    private CompletableFuture<?> verify(String code) {
        return service.verify(BOB, code, KEY);
    }

    private String wrong() {
        return "000000".equals(sent.get(BOB)) ? "000001" : "000000";
    }

    private static int code(CompletableFuture<?> future) {
        Throwable failure = catchThrowable(() -> future.get(10, TimeUnit.SECONDS));
        assertThat(failure).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(RegistrationException.class);
        return ((RegistrationException) failure.getCause()).code();
    }

    /** The system clock, moved forward on demand. */
    private static final class MovableClock extends Clock {
        private volatile long offsetMillis;

        void advance(Duration by) {
            offsetMillis += by.toMillis();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(System.currentTimeMillis() + offsetMillis);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}

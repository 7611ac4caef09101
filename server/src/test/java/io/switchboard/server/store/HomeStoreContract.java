// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the home store must do on a real database: the first claim wins and every later or concurrent claim learns
 * it, a move replaces it, and users and groups with the same id have separate homes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class HomeStoreContract {

    protected abstract StoreSettings settings();

    private final String id = UUID.randomUUID().toString().replace("-", "").substring(0, 20);
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
    void anUnclaimedHomeIsEmptyAndTheFirstClaimRecordsIt() throws Exception {
        HomeStore homes = stores.homes();
        assertThat(homes.find(HomeKind.USER, id).get()).isEmpty();
        assertThat(homes.claim(HomeKind.USER, id, "east").get()).isEqualTo("east");
        assertThat(homes.find(HomeKind.USER, id).get()).contains("east");
    }

    @Test
    void aLaterClaimFromAnotherDatacenterLearnsTheFirstOne() throws Exception {
        HomeStore homes = stores.homes();
        homes.claim(HomeKind.USER, id, "east").get();
        assertThat(homes.claim(HomeKind.USER, id, "west").get()).isEqualTo("east");
    }

    @Test
    void concurrentClaimsFromBothDatacentersAllAgreeOnOneHome() throws Exception {
        HomeStore homes = stores.homes();
        List<CompletableFuture<String>> claims = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            claims.add(homes.claim(HomeKind.GROUP, id, i % 2 == 0 ? "east" : "west"));
        }
        String winner = claims.get(0).get();
        for (CompletableFuture<String> claim : claims) {
            assertThat(claim.get()).isEqualTo(winner);
        }
        assertThat(homes.find(HomeKind.GROUP, id).get()).contains(winner);
    }

    @Test
    void aMoveReplacesTheHomeAndSurvivesAReopen() throws Exception {
        stores.homes().claim(HomeKind.USER, id, "east").get();
        stores.homes().move(HomeKind.USER, id, "west").get();
        stores.close();
        stores = Stores.open(settings());
        assertThat(stores.homes().find(HomeKind.USER, id).get()).contains("west");
    }

    @Test
    void aUserAndAGroupWithTheSameIdHaveSeparateHomes() throws Exception {
        stores.homes().claim(HomeKind.USER, id, "east").get();
        stores.homes().claim(HomeKind.GROUP, id, "west").get();
        assertThat(stores.homes().find(HomeKind.USER, id).get()).isEqualTo(Optional.of("east"));
        assertThat(stores.homes().find(HomeKind.GROUP, id).get()).isEqualTo(Optional.of("west"));
    }
}

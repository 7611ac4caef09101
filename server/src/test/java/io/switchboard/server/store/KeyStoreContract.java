// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import static io.switchboard.server.store.StoreFixtures.await;
import static io.switchboard.server.store.StoreFixtures.freshUser;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.id.UserId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the key store must do, run against a real database by each subclass: one-time keys served at most once
 * (also under fifty concurrent fetchers and across a reopen), the last-resort fallback, pool bounds, the low-pool
 * signal once per shortage, and an identity change that drops the old pool and names the contacts. The store holds
 * the bytes it is given; signatures are the key directory's business, so the keys here are arbitrary bytes.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class KeyStoreContract {

    private static final int MAX_POOL = 1_000;

    /** Settings for this test's database; the same on every call within a test, so the store can be reopened. */
    protected abstract StoreSettings settings();

    private final UserId alice = freshUser();
    private final UserId bob = freshUser();
    private final UserId carol = freshUser();
    private Stores stores;

    @BeforeEach
    void openStore() {
        stores = Stores.open(withPoolSize(settings(), 12));
    }

    @AfterEach
    void closeStore() {
        stores.close();
    }

    private KeyStore keys() {
        return stores.keys();
    }

    private static StoreSettings withPoolSize(StoreSettings s, int poolSize) {
        return new StoreSettings(s.kind(), s.jdbcUrl(), s.user(), s.password(), poolSize, s.maxBatchSize(),
                s.maxBatchDelay(), s.dedupeRetention());
    }

    private static DeviceKeys device(int identity) {
        return new DeviceKeys(4321, bytes(33, identity), new SignedPreKey(1, bytes(33, 2), bytes(64, 3)),
                new SignedPreKey(1000, bytes(1569, 4), bytes(64, 5)));
    }

    private static byte[] bytes(int length, int fill) {
        byte[] b = new byte[length];
        java.util.Arrays.fill(b, (byte) fill);
        return b;
    }

    private static List<SignedPreKey> pool(int firstId, int n, boolean signed) {
        return IntStream.range(firstId, firstId + n).mapToObj(id -> new SignedPreKey(id, bytes(signed ? 1569 : 33, id),
                signed ? bytes(64, id) : new byte[0])).toList();
    }

    private KeyUploadResult upload(UserId user, DeviceKeys device, int ec, int kyber) {
        return await(keys().upload(user, 1, device, pool(1, ec, false), pool(2001, kyber, true), MAX_POOL));
    }

    @Test
    void aFetchServesTheDeviceKeysAndOneOneTimeKeyOfEachKind() {
        upload(alice, device(1), 2, 2);

        KeyBundle bundle = await(keys().fetch(alice, bob, 1)).bundle().orElseThrow();

        assertThat(bundle.user()).isEqualTo(alice);
        assertThat(bundle.device().registrationId()).isEqualTo(4321);
        assertThat(bundle.device().identityKey()).isEqualTo(bytes(33, 1));
        assertThat(bundle.device().signedPreKey().signature()).isEqualTo(bytes(64, 3));
        assertThat(bundle.ecPreKey().orElseThrow().id()).isEqualTo(1);
        assertThat(bundle.kyberPreKey().id()).isEqualTo(2001);
        assertThat(bundle.kyberPreKey().signature()).isEqualTo(bytes(64, 2001));
        assertThat(bundle.lastResort()).isFalse();
        assertThat(await(keys().counts(alice, 1))).extracting(KeyCounts::ecPreKeys, KeyCounts::kyberPreKeys)
                .containsExactly(1, 1);
    }

    @Test
    void aUserWithoutKeysHasNoBundle() {
        assertThat(await(keys().fetch(carol, bob, 10)).bundle()).isEmpty();
        assertThat(await(keys().counts(carol, 1)).identityKey()).isEmpty();
    }

    @Test
    void anExhaustedPoolFallsBackToTheLastResortKyberKeyAndNoEcKey() {
        upload(alice, device(1), 1, 1);
        await(keys().fetch(alice, bob, 0));

        KeyBundle bundle = await(keys().fetch(alice, carol, 0)).bundle().orElseThrow();

        assertThat(bundle.ecPreKey()).isEmpty();
        assertThat(bundle.lastResort()).isTrue();
        assertThat(bundle.kyberPreKey().id()).isEqualTo(1000);
        assertThat(await(keys().fetch(alice, carol, 0)).bundle().orElseThrow().kyberPreKey().id()).isEqualTo(1000);
    }

    @Test
    void fiftyConcurrentFetchersNeverGetTheSameOneTimeKey() throws Exception {
        upload(alice, device(1), 40, 40);
        ExecutorService threads = Executors.newFixedThreadPool(50);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<KeyBundle>> fetches = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                UserId fetcher = freshUser();
                fetches.add(threads.submit(() -> {
                    start.await();
                    return await(keys().fetch(alice, fetcher, 10)).bundle().orElseThrow();
                }));
            }
            start.countDown();
            List<Integer> ec = new ArrayList<>();
            List<Integer> kyber = new ArrayList<>();
            int lastResorts = 0;
            for (Future<KeyBundle> fetch : fetches) {
                KeyBundle bundle = fetch.get(60, TimeUnit.SECONDS);
                bundle.ecPreKey().ifPresent(k -> ec.add(k.id()));
                if (bundle.lastResort()) {
                    lastResorts++;
                } else {
                    kyber.add(bundle.kyberPreKey().id());
                }
            }
            assertThat(ec).hasSize(40).doesNotHaveDuplicates();
            assertThat(kyber).hasSize(40).doesNotHaveDuplicates();
            assertThat(lastResorts).isEqualTo(10);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aKeyServedBeforeAReopenIsNotServedAfterIt() {
        upload(alice, device(1), 2, 2);
        KeyBundle before = await(keys().fetch(alice, bob, 0)).bundle().orElseThrow();
        stores.close();
        stores = Stores.open(withPoolSize(settings(), 4));

        KeyBundle after = await(keys().fetch(alice, carol, 0)).bundle().orElseThrow();

        assertThat(after.ecPreKey().orElseThrow().id()).isNotEqualTo(before.ecPreKey().orElseThrow().id());
        assertThat(after.kyberPreKey().id()).isNotEqualTo(before.kyberPreKey().id());
    }

    @Test
    void anUploadThatWouldPassThePoolBoundIsRefusedWhole() {
        upload(alice, device(1), 0, 0);
        await(keys().upload(alice, 1, null, pool(1, 100, false), List.of(), 150));

        KeyUploadResult refused = await(keys().upload(alice, 1, null, pool(101, 100, false), pool(1, 1, true), 150));

        assertThat(refused).isEqualTo(new KeyUploadResult.PoolFull(PreKeyKind.EC, 100, 100, 150));
        assertThat(await(keys().counts(alice, 1))).extracting(KeyCounts::ecPreKeys, KeyCounts::kyberPreKeys)
                .containsExactly(100, 0);
    }

    @Test
    void oneTimeKeysBeforeTheDeviceKeysAreRefused() {
        assertThat(await(keys().upload(carol, 1, null, pool(1, 5, false), List.of(), MAX_POOL)))
                .isInstanceOf(KeyUploadResult.NoDeviceKeys.class);
    }

    @Test
    void theOwnerIsToldOncePerShortageThatItsPoolRunsLow() {
        upload(alice, device(1), 12, 12);
        assertThat(await(keys().fetch(alice, bob, 10)).ownerRunsLow()).isFalse();   // 11 left
        assertThat(await(keys().fetch(alice, bob, 10)).ownerRunsLow()).isFalse();   // 10 left
        assertThat(await(keys().fetch(alice, bob, 10)).ownerRunsLow()).isTrue();    // 9 left: tell once
        assertThat(await(keys().fetch(alice, bob, 10)).ownerRunsLow()).isFalse();

        await(keys().upload(alice, 1, null, pool(100, 1, false), pool(3000, 1, true), MAX_POOL));
        assertThat(await(keys().fetch(alice, bob, 10)).ownerRunsLow()).isTrue();     // a top-up too small: told again
    }

    @Test
    void aChangedIdentityDropsTheOldPoolAndNamesEveryoneWhoFetchedTheBundle() {
        upload(alice, device(1), 5, 5);
        await(keys().fetch(alice, bob, 0));
        await(keys().fetch(alice, carol, 0));
        await(keys().fetch(alice, carol, 0));

        KeyUploadResult again = upload(alice, device(1), 0, 0);
        assertThat(again).isEqualTo(new KeyUploadResult.Uploaded(false, List.of(), 2, 2));

        KeyUploadResult changed = await(keys().upload(alice, 1, device(9), pool(50, 3, false), List.of(),
                MAX_POOL));
        assertThat(changed).isInstanceOf(KeyUploadResult.Uploaded.class);
        KeyUploadResult.Uploaded uploaded = (KeyUploadResult.Uploaded) changed;
        assertThat(uploaded.identityChanged()).isTrue();
        Set<UserId> expected = new HashSet<>(List.of(bob, carol));
        assertThat(new HashSet<>(uploaded.contacts())).isEqualTo(expected);
        assertThat(uploaded.ecPreKeys()).isEqualTo(3);
        assertThat(uploaded.kyberPreKeys()).isZero();
        assertThat(await(keys().fetch(alice, bob, 0)).bundle().orElseThrow().device().identityKey())
                .isEqualTo(bytes(33, 9));
    }

    @Test
    void fetchingOnesOwnBundleMakesNoContact() {
        upload(alice, device(1), 1, 1);
        await(keys().fetch(alice, alice, 0));
        KeyUploadResult changed = upload(alice, device(2), 0, 0);
        assertThat(((KeyUploadResult.Uploaded) changed).contacts()).isEmpty();
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import static io.switchboard.server.store.StoreFixtures.await;
import static io.switchboard.server.store.StoreFixtures.freshUser;
import static io.switchboard.server.store.StoreFixtures.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.id.UserId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A store round is all or nothing: a failure injected into the middle of a round, after mailbox appends ran and
 * before a small write, leaves nothing of the round in the database, fails every write in it, and a retry of the
 * same message id is stored (not taken for a duplicate). Issue 16: SQLite rolled a round back on SQLITE_FULL and
 * the round's later statements then committed one by one, a dedupe row without its mailbox row.
 */
@Timeout(60)
abstract class RoundAtomicityContract {

    private Stores stores;
    private UserId recipient;
    private UserId sender;

    protected abstract StoreSettings settings();

    /** Runs a statement on {@code c} that fails the way a full disk fails on this database (a real error). */
    protected abstract void failAsDiskFull(Connection c) throws SQLException;

    /**
     * Makes every later insert into {@code mailbox_dedupe} fail as a full disk does (a trigger that runs after the
     * row passed its constraints), on every connection, until {@link #freeDisk}.
     */
    protected abstract void keepDiskFull(Connection c) throws SQLException;

    /** Undoes {@link #keepDiskFull}. */
    protected abstract void freeDisk(Connection c) throws SQLException;

    @BeforeEach
    void open() {
        stores = Stores.open(settings());
        recipient = freshUser();
        sender = freshUser();
    }

    @AfterEach
    void close() {
        stores.close();
    }

    @Test
    void aRoundThatHitsAFullDiskStoresNothingAndSaysStorageIsFull() throws Exception {
        List<CompletableFuture<?>> round = inOneRound(this::failAsDiskFull);

        assertThat(round).allSatisfy(write -> assertThat(write).failsWithin(20, TimeUnit.SECONDS)
                .withThrowableThat().withCauseInstanceOf(StoreUnwritableException.class));
        assertNothingOfTheRoundPersisted();
    }

    @Test
    void aRoundWhoseTransactionTheDatabaseRolledBackStoresNothing() throws Exception {
        // What SQLite does on some SQLITE_FULL errors: it ends the whole transaction, then the statement fails.
        List<CompletableFuture<?>> round = inOneRound(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("ROLLBACK");
            }
            throw new SQLException("injected failure after the database rolled the transaction back");
        });

        assertThat(round).allSatisfy(write -> assertThat(write).failsWithin(20, TimeUnit.SECONDS));
        assertNothingOfTheRoundPersisted();
    }

    @Test
    void theRoundAfterAFailedOneIsStillAllOrNothing() throws Exception {
        inOneRound(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("ROLLBACK");
            }
            throw new SQLException("first injected failure");
        }).forEach(write -> assertThat(write).failsWithin(20, TimeUnit.SECONDS));
        recipient = freshUser();

        List<CompletableFuture<?>> second = inOneRound(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("ROLLBACK");
            }
            throw new SQLException("second injected failure");
        });

        assertThat(second).allSatisfy(write -> assertThat(write).failsWithin(20, TimeUnit.SECONDS));
        assertNothingOfTheRoundPersisted();
    }

    @Test
    void aSmallWriteThatFailsOnItsOwnFailsAloneAndTheRestCommits() {
        GroupCommitter committer = stores.committer();
        CompletableFuture<AppendResult> before = committer.append(message(recipient, sender, "m-before"));
        CompletableFuture<Object> failing = committer.run(c -> {
            throw new SQLException("this write's own failure");
        });
        CompletableFuture<AppendResult> after = committer.append(message(recipient, sender, "m-after"));

        assertThat(failing).failsWithin(20, TimeUnit.SECONDS);
        assertThat(await(before)).isInstanceOf(AppendResult.Appended.class);
        assertThat(await(after)).isInstanceOf(AppendResult.Appended.class);
    }

    @Test
    void theStoreWritesAgainAfterTheDiskFreesUp() throws Exception {
        inOneRound(this::failAsDiskFull).forEach(write -> assertThat(write).failsWithin(20, TimeUnit.SECONDS));

        assertThat(await(stores.mailbox().append(message(recipient, sender, "m-1"))))
                .isInstanceOf(AppendResult.Appended.class);
        assertThat(stores.unwritable()).isEmpty();
    }

    @Test
    void theStoreStaysUnwritableWhileTheDiskIsFullAndTurnsWritableByItselfWhenSpaceReturns() throws Exception {
        committer().run(c -> {
            keepDiskFull(c);
            return null;
        }).get(20, TimeUnit.SECONDS);
        inOneRound(this::failAsDiskFull).forEach(write -> assertThat(write).failsWithin(20, TimeUnit.SECONDS));
        assertThat(stores.unwritable()).isPresent();

        // The idle writer probes every second. While the disk stays full it must stay unwritable: a probe that fails
        // for another reason (a missed NOT NULL column) swallowed in its savepoint let the empty round commit and
        // flipped /health to healthy on a full disk.
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2_500);
        while (System.nanoTime() < until) {
            assertThat(stores.unwritable()).as("store state while the disk is still full").isPresent();
            Thread.sleep(50);
        }

        committer().run(c -> {
            freeDisk(c);
            return null;
        }).get(20, TimeUnit.SECONDS);
        // No client write: the probe must find the space and clear the state that /health reports.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (stores.unwritable().isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(stores.unwritable()).as("store state 15 s after space returned, without a client write").isEmpty();
    }

    private GroupCommitter committer() {
        return stores.committer();
    }

    /**
     * Places, in one round: appends m-1 and m-2, a dedupe row for "marker" written by a small write before the
     * injected one, the injected failure, and another small write after it. A first round, held open by a latch,
     * makes the writer queue all five behind it.
     */
    private List<CompletableFuture<?>> inOneRound(Injection injected) throws InterruptedException {
        GroupCommitter committer = stores.committer();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Object> holder = committer.run(c -> {
            started.countDown();
            awaitQuietly(release);
            return null;
        });
        assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<?>> round = List.of(
                committer.append(message(recipient, sender, "m-1")),
                committer.append(message(recipient, sender, "m-2")),
                committer.run(c -> insertDedupe(c, "marker")),
                committer.run(c -> {
                    injected.run(c);
                    return null;
                }),
                committer.run(c -> insertDedupe(c, "marker-after")));
        release.countDown();
        await(holder);
        return round;
    }

    private void assertNothingOfTheRoundPersisted() {
        assertThat(await(stores.mailbox().pending(recipient, 0, 100))).isEmpty();
        // Each id is stored on retry: no dedupe row of the failed round survived to swallow it as a duplicate.
        for (String id : List.of("m-1", "m-2", "marker", "marker-after")) {
            assertThat(await(stores.mailbox().append(message(recipient, sender, id))))
                    .as("retry of %s", id).isInstanceOf(AppendResult.Appended.class);
        }
        assertThat(await(stores.mailbox().pending(recipient, 0, 100))).hasSize(4);
    }

    private Void insertDedupe(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO mailbox_dedupe (recipient, sender, message_id,"
                + " kind, origin_device, origin_epoch, content_hash, receipts, seen_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, 0, 1, ?)")) {
            // The origin of the fixture's messages (legacy) and hash 0 (unknown): a surviving row would swallow the
            // retry of the same id as a duplicate, which is what the test must rule out.
            ps.setString(1, recipient.digits());
            ps.setString(2, sender.digits());
            ps.setString(3, id);
            ps.setInt(4, EntryKind.MESSAGE.code());
            ps.setInt(5, MessageOrigin.LEGACY.device());
            ps.setLong(6, MessageOrigin.LEGACY.epoch());
            ps.setLong(7, System.currentTimeMillis());
            ps.executeUpdate();
        }
        return null;
    }

    /** A failure injected into a round, on the round's connection. */
    @FunctionalInterface
    interface Injection {
        void run(Connection c) throws SQLException;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

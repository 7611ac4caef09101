// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import static io.switchboard.server.store.StoreFixtures.await;
import static io.switchboard.server.store.StoreFixtures.freshUser;
import static io.switchboard.server.store.StoreFixtures.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.switchboard.protocol.id.MessageId;
import io.switchboard.protocol.id.UserId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every store must do, run against a real database by each subclass: mailbox order, paging, deletes,
 * duplicate suppression, concurrency, overload, accounts, registration codes and reopening. Each test uses fresh
 * users, so tests sharing a database do not see each other's rows.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class StoreContract {

    /** Settings for this test's database; the same on every call within a test, so the store can be reopened. */
    protected abstract StoreSettings settings();

    /** Takes the database's write lock from another connection until closed: the group committer stalls. */
    protected abstract AutoCloseable holdWriteLock() throws Exception;

    protected final OffsetClock clock = new OffsetClock();
    protected Stores stores;
    private final UserId alice = freshUser();
    private final UserId bob = freshUser();

    @BeforeEach
    void openStore() {
        stores = Stores.open(settings(), clock);
    }

    @AfterEach
    void closeStore() {
        stores.close();
    }

    private MailboxStore mailbox() {
        return stores.mailbox();
    }

    private long appendedSeq(MailboxEntry entry) {
        AppendResult result = await(mailbox().append(entry));
        assertThat(result).isInstanceOf(AppendResult.Appended.class);
        return ((AppendResult.Appended) result).seq();
    }

    @Test
    void appendedEntriesArePendingInAppendOrderWithTheirContent() {
        MailboxEntry first = message(bob, alice, "a1");
        MailboxEntry second = message(bob, alice, "a2");
        long seq1 = appendedSeq(first);
        long seq2 = appendedSeq(second);

        assertThat(await(mailbox().pending(bob, 0, 10)))
                .containsExactly(first.withSeq(seq1), second.withSeq(seq2));
        assertThat(await(mailbox().countPending(bob))).isEqualTo(2);
        assertThat(await(mailbox().pending(alice, 0, 10))).isEmpty();
    }

    @Test
    void mailboxDepthCountsEveryRecipientsEntries() {
        long before = await(mailbox().countAllPending());
        appendedSeq(message(bob, alice, "d1"));
        appendedSeq(message(alice, bob, "d2"));
        assertThat(await(mailbox().countAllPending())).isEqualTo(before + 2);
    }

    @Test
    void appendAssignsIncreasingSeqs() {
        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            seqs.add(appendedSeq(message(bob, alice, "s" + i)));
        }
        assertThat(seqs).isSorted().doesNotHaveDuplicates().allMatch(seq -> seq > 0);
    }

    @Test
    void deletedEntryIsNoLongerPendingAndDeletingTwiceIsHarmless() {
        long keep = appendedSeq(message(bob, alice, "keep"));
        long gone = appendedSeq(message(bob, alice, "gone"));

        await(mailbox().delete(bob, gone));
        await(mailbox().delete(bob, gone));

        assertThat(await(mailbox().pending(bob, 0, 10))).extracting(MailboxEntry::seq).containsExactly(keep);
        assertThat(await(mailbox().countPending(bob))).isEqualTo(1);
    }

    @Test
    void deleteOnlyRemovesTheRecipientsOwnEntry() {
        long seq = appendedSeq(message(bob, alice, "m"));
        await(mailbox().delete(alice, seq));
        assertThat(await(mailbox().countPending(bob))).isEqualTo(1);
    }

    @Test
    void tenThousandEntriesPageInOrderByFiveHundred() {
        List<CompletableFuture<AppendResult>> appends = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            appends.add(mailbox().append(message(bob, alice, "p" + i)));
        }
        appends.forEach(StoreFixtures::await);

        List<String> ids = new ArrayList<>();
        long after = 0;
        int pages = 0;
        while (true) {
            List<MailboxEntry> page = await(mailbox().pending(bob, after, 500));
            if (page.isEmpty()) {
                break;
            }
            assertThat(page).hasSizeLessThanOrEqualTo(500);
            assertThat(page).extracting(MailboxEntry::seq).isSorted().allMatch(seq -> seq > 0);
            page.forEach(e -> ids.add(e.messageId().value()));
            after = page.get(page.size() - 1).seq();
            pages++;
        }
        assertThat(pages).isEqualTo(20);
        assertThat(ids).hasSize(10_000);
        for (int i = 0; i < ids.size(); i++) {
            assertThat(ids.get(i)).isEqualTo("p" + i);
        }
    }

    @Test
    void sameMessageAgainIsDuplicateEvenAfterDeliveryAndDelete() {
        long seq = appendedSeq(message(bob, alice, "once"));
        assertThat(await(mailbox().append(message(bob, alice, "once")))).isInstanceOf(AppendResult.Duplicate.class);

        await(mailbox().delete(bob, seq));

        assertThat(await(mailbox().append(message(bob, alice, "once")))).isInstanceOf(AppendResult.Duplicate.class);
        assertThat(await(mailbox().countPending(bob))).isZero();
    }

    @Test
    void identicalAppendsInOneBatchStoreOneCopy() {
        List<CompletableFuture<AppendResult>> results = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            results.add(mailbox().append(message(bob, alice, "twin")));
        }
        List<AppendResult> outcomes = results.stream().map(StoreFixtures::await).toList();

        assertThat(outcomes).filteredOn(r -> r instanceof AppendResult.Appended).hasSize(1);
        assertThat(outcomes).filteredOn(r -> r instanceof AppendResult.Duplicate).hasSize(49);
        assertThat(await(mailbox().countPending(bob))).isEqualTo(1);
    }

    @Test
    void sameIdFromAnotherSenderOrOfAnotherKindIsNotDuplicate() {
        UserId carol = freshUser();
        MailboxEntry msg = message(bob, alice, "x");
        appendedSeq(msg);
        appendedSeq(message(bob, carol, "x"));
        appendedSeq(MailboxEntry.toAppend(bob, alice, msg.messageId(), EntryKind.DELIVERY_RECEIPT, 1, new byte[0]));
        // With an origin of its own: the store checks only read receipts that leave it to the store.
        appendedSeq(MailboxEntry.toAppend(bob, alice, msg.messageId(), EntryKind.READ_RECEIPT, 2, new byte[0])
                .withOrigin(new MessageOrigin(1, 1), true));
        appendedSeq(message(carol, alice, "x"));

        assertThat(await(mailbox().pending(bob, 0, 10))).extracting(MailboxEntry::kind)
                .containsExactly(EntryKind.MESSAGE, EntryKind.MESSAGE, EntryKind.DELIVERY_RECEIPT,
                        EntryKind.READ_RECEIPT);
    }

    @Test
    void theSameIdFromANewRegistrationIsANewMessageNotADuplicate() {
        MessageOrigin before = new MessageOrigin(1, 1_000);
        MessageOrigin after = new MessageOrigin(1, 2_000);
        long seq = appendedSeq(message(bob, alice, "1").withOrigin(before, true));
        await(mailbox().delete(bob, seq));

        MailboxEntry again = message(bob, alice, "1").withOrigin(after, true);
        long newSeq = appendedSeq(again);

        assertThat(await(mailbox().pending(bob, 0, 10))).containsExactly(again.withSeq(newSeq));
    }

    @Test
    void theSameIdWithOtherContentFromOneRegistrationIsRefusedWithConflict() {
        MessageOrigin origin = new MessageOrigin(1, 1_000);
        appendedSeq(message(bob, alice, "1").withOrigin(origin, true));
        MailboxEntry other = MailboxEntry.toAppend(bob, alice, new MessageId("1"), EntryKind.MESSAGE, 1,
                "another text".getBytes(StandardCharsets.UTF_8)).withOrigin(origin, true);

        assertThat(await(mailbox().append(other)))
                .isEqualTo(new AppendResult.Refused(409, MailboxBatchWriter.REUSED_ID));
        assertThat(await(mailbox().append(message(bob, alice, "1").withOrigin(origin, true))))
                .isInstanceOf(AppendResult.Duplicate.class);
        assertThat(await(mailbox().countPending(bob))).isEqualTo(1);
    }

    @Test
    void aReadReceiptForAMessageTheReaderWasNeverSentIsRefused() {
        MailboxEntry forged = MailboxEntry.toAppend(alice, bob, new MessageId("77"), EntryKind.READ_RECEIPT, 1,
                new byte[0]);

        assertThat(await(mailbox().append(forged)))
                .isEqualTo(new AppendResult.Refused(404, MailboxBatchWriter.NOT_RECEIVED));
        assertThat(await(mailbox().countPending(alice))).isZero();
    }

    @Test
    void aReadReceiptForAMessageSentWithoutReceiptsIsRefused() {
        appendedSeq(message(bob, alice, "q").withOrigin(new MessageOrigin(1, 5), false));

        AppendResult read = await(mailbox().append(MailboxEntry.toAppend(alice, bob, new MessageId("q"),
                EntryKind.READ_RECEIPT, 1, new byte[0])));

        assertThat(read).isEqualTo(new AppendResult.Refused(403, MailboxBatchWriter.NO_RECEIPTS));
        assertThat(await(mailbox().countPending(alice))).isZero();
    }

    @Test
    void aReadReceiptBeforeTheDeliveryReceiptStoresTheDeliveryReceiptFirst() {
        MessageOrigin origin = new MessageOrigin(1, 7);
        appendedSeq(message(bob, alice, "r1").withOrigin(origin, true));

        appendedSeq(MailboxEntry.toAppend(alice, bob, new MessageId("r1"), EntryKind.READ_RECEIPT, 1, new byte[0]));
        // The reader's ack arrives after its read receipt: its delivery receipt is already there.
        assertThat(await(mailbox().append(MailboxEntry.toAppend(alice, bob, new MessageId("r1"),
                EntryKind.DELIVERY_RECEIPT, 2, new byte[0]).withOrigin(origin, true))))
                .isInstanceOf(AppendResult.Duplicate.class);

        assertThat(await(mailbox().pending(alice, 0, 10)))
                .extracting(MailboxEntry::kind, MailboxEntry::origin)
                .containsExactly(tuple(EntryKind.DELIVERY_RECEIPT, origin),
                        tuple(EntryKind.READ_RECEIPT, origin));
    }

    @Test
    void aReadReceiptAfterDeliveryTakesTheDeliveredMessagesOrigin() {
        MessageOrigin origin = new MessageOrigin(1, 9);
        long seq = appendedSeq(message(bob, alice, "r2").withOrigin(origin, true));
        appendedSeq(MailboxEntry.toAppend(alice, bob, new MessageId("r2"), EntryKind.DELIVERY_RECEIPT, 1,
                new byte[0]).withOrigin(origin, true));
        await(mailbox().delete(bob, seq));

        appendedSeq(MailboxEntry.toAppend(alice, bob, new MessageId("r2"), EntryKind.READ_RECEIPT, 2, new byte[0]));

        assertThat(await(mailbox().pending(alice, 0, 10)))
                .extracting(MailboxEntry::kind, MailboxEntry::origin)
                .containsExactly(tuple(EntryKind.DELIVERY_RECEIPT, origin),
                        tuple(EntryKind.READ_RECEIPT, origin));
    }

    @Test
    void dedupeKeyIsForgottenAfterTheRetention() {
        long seq = appendedSeq(message(bob, alice, "old"));
        await(mailbox().delete(bob, seq));

        clock.advance(settings().dedupeRetention().plusDays(1));
        // The writer's own schedule may purge first (it reads the same clock), so only the effect is asserted.
        assertThat(await(stores.purgeExpired())).isNotNegative();

        assertThat(await(mailbox().append(message(bob, alice, "old")))).isInstanceOf(AppendResult.Appended.class);
    }

    @Test
    void sixtyFourConcurrentAppendersAllCompleteAndAllRowsArePresent() throws Exception {
        int perCaller = 40;
        ExecutorService callers = Executors.newFixedThreadPool(64);
        try {
            List<CompletableFuture<List<Long>>> results = new ArrayList<>();
            for (int c = 0; c < 64; c++) {
                int caller = c;
                results.add(CompletableFuture.supplyAsync(() -> {
                    List<Long> seqs = new ArrayList<>();
                    for (int i = 0; i < perCaller; i++) {
                        seqs.add(appendedSeq(message(bob, alice, "c" + caller + "-" + i)));
                    }
                    return seqs;
                }, callers));
            }
            List<Long> all = new ArrayList<>();
            for (var r : results) {
                List<Long> seqs = await(r);
                assertThat(seqs).as("one caller's appends are stored in its order").isSorted();
                all.addAll(seqs);
            }
            assertThat(all).hasSize(64 * perCaller).doesNotHaveDuplicates();
            assertThat(await(mailbox().countPending(bob))).isEqualTo(64L * perCaller);
            assertThat(await(mailbox().pending(bob, 0, 10_000))).extracting(MailboxEntry::seq)
                    .containsExactlyInAnyOrderElementsOf(all);
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void appendFailsFastWhenTheWriteQueueIsFull() throws Exception {
        stores.close();
        stores = Stores.open(settings().withBatching(1, Duration.ZERO), clock);
        List<CompletableFuture<AppendResult>> accepted = new ArrayList<>();
        int rejected = 0;
        try (AutoCloseable lock = holdWriteLock()) {
            for (int i = 0; i < 100; i++) {
                CompletableFuture<AppendResult> f = mailbox().append(message(bob, alice, "q" + i));
                if (f.isCompletedExceptionally()) {
                    assertThat(f).failsWithin(Duration.ZERO).withThrowableOfType(Exception.class)
                            .havingCause().isInstanceOf(StoreOverloadedException.class);
                    rejected++;
                } else {
                    accepted.add(f);
                }
            }
        }
        assertThat(rejected).isGreaterThanOrEqualTo(100 - 1 - settings().withBatching(1, Duration.ZERO)
                .queueCapacity() - 1);
        accepted.forEach(f -> assertThat(await(f)).isInstanceOf(AppendResult.Appended.class));
        assertThat(await(mailbox().countPending(bob))).isEqualTo(accepted.size());
    }

    @Test
    void closedStoreRejectsWritesAndCommittedOnesSurviveReopening() {
        MailboxEntry entry = message(bob, alice, "persist");
        long seq = appendedSeq(entry);
        Account account = await(stores.accounts().bind(alice, 1, new byte[] {1, 2, 3}));
        await(stores.registrations().saveCode(bob, "hash", 42));
        stores.close();

        assertThat(stores.mailbox().append(message(bob, alice, "late"))).failsWithin(Duration.ofSeconds(5))
                .withThrowableOfType(Exception.class).havingCause().isInstanceOf(StoreClosedException.class);

        stores = Stores.open(settings(), clock);
        assertThat(await(mailbox().pending(bob, 0, 10))).containsExactly(entry.withSeq(seq));
        assertThat(await(mailbox().append(message(bob, alice, "persist")))).isInstanceOf(AppendResult.Duplicate.class);
        assertThat(await(stores.accounts().findByKey(new byte[] {1, 2, 3}))).contains(account);
        assertThat(await(stores.registrations().pendingCode(bob))).contains(new PendingCode(bob, "hash", 42, 0));
    }

    @Test
    void presenceOfAUserNeverSeenIsNoneAndASavedRecordReplacesTheLast() {
        assertThat(await(stores.presence().find(alice))).isEqualTo(PresenceRecord.NONE);
        await(stores.presence().save(alice, new PresenceRecord(1_000, LastSeenPrivacy.NOBODY)));
        await(stores.presence().save(alice, new PresenceRecord(2_000, LastSeenPrivacy.NOBODY)));
        assertThat(await(stores.presence().find(alice))).isEqualTo(new PresenceRecord(2_000, LastSeenPrivacy.NOBODY));
        assertThat(await(stores.presence().find(bob))).isEqualTo(PresenceRecord.NONE);
    }

    @Test
    void boundKeyFindsItsAccountAndRebindingTheDeviceRevokesTheOldKey() {
        byte[] oldKey = key(1);
        byte[] newKey = key(2);
        Account first = await(stores.accounts().bind(alice, 1, oldKey));
        assertThat(first.user()).isEqualTo(alice);
        assertThat(await(stores.accounts().findByKey(oldKey))).contains(first);

        Account second = await(stores.accounts().bind(alice, 1, newKey));

        assertThat(await(stores.accounts().findByKey(oldKey))).isEmpty();
        assertThat(await(stores.accounts().findByKey(newKey))).contains(second);
    }

    @Test
    void everyBindingOfADeviceGetsAGreaterEpoch() {
        Account first = await(stores.accounts().bind(alice, 1, key(11)));
        await(stores.accounts().revoke(alice, 1));
        Account second = await(stores.accounts().bind(alice, 1, key(12)));
        Account third = await(stores.accounts().bind(alice, 1, key(13)));

        assertThat(first.epoch()).isPositive();
        assertThat(second.epoch()).isGreaterThan(first.epoch());
        assertThat(third.epoch()).isGreaterThan(second.epoch());
        assertThat(await(stores.accounts().findByKey(key(13)))).contains(third);
    }

    @Test
    void devicesOfOneUserHaveTheirOwnKeys() {
        Account phone = await(stores.accounts().bind(alice, 1, key(3)));
        Account laptop = await(stores.accounts().bind(alice, 2, key(4)));
        assertThat(await(stores.accounts().findByKey(key(3)))).contains(phone);
        assertThat(await(stores.accounts().findByKey(key(4)))).contains(laptop);
    }

    @Test
    void keyBoundToAnotherNumberMovesThere() {
        await(stores.accounts().bind(alice, 1, key(5)));
        Account moved = await(stores.accounts().bind(bob, 1, key(5)));
        assertThat(await(stores.accounts().findByKey(key(5)))).contains(moved);
    }

    @Test
    void revokedKeyNoLongerFindsAnAccount() {
        await(stores.accounts().bind(alice, 1, key(6)));
        await(stores.accounts().revoke(alice, 1));
        await(stores.accounts().revoke(alice, 1));
        assertThat(await(stores.accounts().findByKey(key(6)))).isEmpty();
    }

    @Test
    void registrationCodeIsSavedCountsFailedAttemptsAndIsCleared() {
        RegistrationStore codes = stores.registrations();
        assertThat(await(codes.pendingCode(alice))).isEmpty();
        assertThat(await(codes.recordFailedAttempt(alice))).isZero();

        await(codes.saveCode(alice, "h1", 1_000));
        assertThat(await(codes.recordFailedAttempt(alice))).isEqualTo(1);
        assertThat(await(codes.recordFailedAttempt(alice))).isEqualTo(2);
        assertThat(await(codes.pendingCode(alice))).contains(new PendingCode(alice, "h1", 1_000, 2));

        await(codes.saveCode(alice, "h2", 2_000));
        assertThat(await(codes.pendingCode(alice))).contains(new PendingCode(alice, "h2", 2_000, 0));

        await(codes.clearCode(alice));
        assertThat(await(codes.pendingCode(alice))).isEmpty();
    }

    @Test
    void concurrentWrongGuessesAreEachCounted() {
        await(stores.registrations().saveCode(alice, "h", 1_000));
        List<CompletableFuture<Integer>> guesses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            guesses.add(stores.registrations().recordFailedAttempt(alice));
        }
        assertThat(guesses.stream().map(StoreFixtures::await).toList()).containsExactlyInAnyOrderElementsOf(
                IntStream.rangeClosed(1, 20).boxed().toList());
    }

    private byte[] key(int n) {
        // Per test: the users are fresh, the keys must be too.
        byte[] k = new byte[32];
        byte[] seed = (alice.digits() + "/" + n).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(seed, 0, k, 0, Math.min(seed.length, k.length));
        return k;
    }
}

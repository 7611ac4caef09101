// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import static io.switchboard.server.store.StoreFixtures.await;
import static io.switchboard.server.store.StoreFixtures.freshUser;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.id.MessageId;
import io.switchboard.protocol.id.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The per-account storage quota and the mailbox counts behind the per-recipient bound (issue 16), against a real
 * database: a message past its sender's quota is refused with 413 and leaves nothing behind, delivery gives the
 * bytes back, and the usage survives reopening the store and is shared by two stores on one database (two nodes).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class AccountQuotaContract {
    private static final long QUOTA = 1_000;

    /** Settings for this test's database; the same on every call within a test, so the store can be reopened. */
    protected abstract StoreSettings settings();

    private Stores stores;
    private final UserId sender = freshUser();

    @BeforeEach
    void openStore() {
        stores = Stores.open(settings());
    }

    @AfterEach
    void closeStore() {
        stores.close();
    }

    private static MailboxEntry message(UserId recipient, UserId from, String id, int size) {
        return MailboxEntry.toAppend(recipient, from, new MessageId(id), EntryKind.MESSAGE, 1_000, new byte[size]);
    }

    private static AppendResult append(Stores in, MailboxEntry entry) {
        return await(in.mailbox().append(entry, QUOTA));
    }

    private static long seq(AppendResult result) {
        assertThat(result).isInstanceOf(AppendResult.Appended.class);
        return ((AppendResult.Appended) result).seq();
    }

    @Test
    void aMessagePastItsSendersQuotaIsRefusedWith413AndNothingOfItIsKept() {
        for (int i = 0; i < 3; i++) {
            seq(append(stores, message(freshUser(), sender, "q" + i, 300)));
        }
        UserId last = freshUser();
        AppendResult refused = append(stores, message(last, sender, "q3", 300));

        assertThat(refused).isInstanceOfSatisfying(AppendResult.Refused.class, r -> {
            assertThat(r.code()).isEqualTo(413);
            assertThat(r.reason()).contains("1000 bytes", "not received");
        });
        assertThat(await(stores.mailbox().countPending(last))).isZero();
        assertThat(await(stores.mailbox().storedBy(sender))).isEqualTo(900);
        // Still refused, not taken for a duplicate of itself: its dedupe key was not kept.
        assertThat(append(stores, message(last, sender, "q3", 300))).isInstanceOf(AppendResult.Refused.class);
    }

    @Test
    void deliveringAMessageGivesItsBytesBackOnceAndTheRefusedIdIsThenAccepted() {
        UserId bob = freshUser();
        long first = seq(append(stores, message(bob, sender, "d1", 600)));
        UserId carol = freshUser();
        assertThat(append(stores, message(carol, sender, "d2", 600))).isInstanceOf(AppendResult.Refused.class);

        CompletableFuture<Boolean> once = stores.mailbox().delete(bob, first);
        CompletableFuture<Boolean> twice = stores.mailbox().delete(bob, first);
        assertThat(await(once)).as("the first delete removes it").isTrue();
        assertThat(await(twice)).as("the second finds it gone").isFalse();

        assertThat(await(stores.mailbox().storedBy(sender))).isZero();
        seq(append(stores, message(carol, sender, "d2", 600)));
        assertThat(await(stores.mailbox().storedBy(sender))).isEqualTo(600);
    }

    @Test
    void receiptsAndOtherSendersAreNotCharged() {
        UserId bob = freshUser();
        seq(append(stores, message(bob, sender, "r1", 1_000)));
        seq(await(stores.mailbox().append(MailboxEntry.toAppend(bob, sender, new MessageId("r2"),
                EntryKind.DELIVERY_RECEIPT, 1_000, new byte[0]), QUOTA)));
        seq(append(stores, message(bob, freshUser(), "r3", 1_000)));
        assertThat(await(stores.mailbox().storedBy(sender))).isEqualTo(1_000);
    }

    @Test
    void concurrentAppendsNeverPassTheQuota() {
        List<CompletableFuture<AppendResult>> results = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            results.add(stores.mailbox().append(message(freshUser(), sender, "c" + i, 100), QUOTA));
        }
        long appended = results.stream().map(StoreFixtures::await)
                .filter(r -> r instanceof AppendResult.Appended).count();
        assertThat(appended).isEqualTo(10);
        assertThat(await(stores.mailbox().storedBy(sender))).isEqualTo(1_000);
    }

    @Test
    void theQuotaHoldsAfterTheStoreIsReopened() {
        seq(append(stores, message(freshUser(), sender, "o1", 900)));
        stores.close();
        stores = Stores.open(settings());
        assertThat(await(stores.mailbox().storedBy(sender))).isEqualTo(900);
        assertThat(append(stores, message(freshUser(), sender, "o2", 200))).isInstanceOf(AppendResult.Refused.class);
    }

    @Test
    void twoStoresOnOneDatabaseShareTheQuota() {
        try (Stores other = Stores.open(settings())) {
            List<CompletableFuture<AppendResult>> results = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                Stores node = i % 2 == 0 ? stores : other;
                results.add(node.mailbox().append(message(freshUser(), sender, "n" + i, 100), QUOTA));
            }
            long appended = results.stream().map(StoreFixtures::await)
                    .filter(r -> r instanceof AppendResult.Appended).count();
            assertThat(appended).isEqualTo(10);
        }
        assertThat(await(stores.mailbox().storedBy(sender))).isEqualTo(1_000);
    }

    @Test
    void usageCountsTheRecipientsChatMessagesAndTheirBytes() {
        UserId bob = freshUser();
        long seq = seq(await(stores.mailbox().append(message(bob, freshUser(), "u1", 40))));
        seq(await(stores.mailbox().append(message(bob, freshUser(), "u2", 60))));
        seq(await(stores.mailbox().append(MailboxEntry.toAppend(bob, freshUser(), new MessageId("u3"),
                EntryKind.DELIVERY_RECEIPT, 1_000, new byte[0]))));
        assertThat(await(stores.mailbox().usage(bob))).isEqualTo(new MailboxUsage(2, 100));
        await(stores.mailbox().delete(bob, seq));
        assertThat(await(stores.mailbox().usage(bob))).isEqualTo(new MailboxUsage(1, 60));
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import static io.switchboard.server.store.GroupFixtures.info;
import static io.switchboard.server.store.GroupFixtures.message;
import static io.switchboard.server.store.GroupFixtures.notification;
import static io.switchboard.server.store.StoreFixtures.await;
import static io.switchboard.server.store.StoreFixtures.freshUser;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.id.GroupId;
import io.switchboard.protocol.id.MessageId;
import io.switchboard.protocol.id.UserId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the group store must do, run against a real database by each subclass: creation, the log with duplicate
 * suppression, changes saved with their entry, cursors, membership windows, invite codes, payload dropping and the
 * retention purge. Each test uses fresh users and groups, so tests sharing a database do not see each other's rows.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class GroupStoreContract {

    /** Settings for this test's database; the same on every call within a test, so the store can be reopened. */
    protected abstract StoreSettings settings();

    /** Takes the database's write lock from another connection until closed: the group committer stalls. */
    protected abstract AutoCloseable holdWriteLock() throws Exception;

    private final OffsetClock clock = new OffsetClock();
    private final UserId alice = freshUser();
    private final UserId bob = freshUser();
    private final UserId carol = freshUser();
    private final GroupId group = GroupId.random();
    private Stores stores;

    @BeforeEach
    void openStore() {
        stores = Stores.open(settings(), clock);
    }

    @AfterEach
    void closeStore() {
        stores.close();
    }

    private GroupStore groups() {
        return stores.groups();
    }

    /** Creates {@link #group} by alice (admin) with bob, at seq 1. */
    private GroupInfo createGroup() {
        return createGroup(group);
    }

    private GroupInfo createGroup(GroupId id) {
        GroupInfo info = info(id, alice);
        List<GroupMember> members = List.of(GroupMember.joined(alice, GroupRole.ADMIN, 1),
                GroupMember.joined(bob, GroupRole.MEMBER, 1));
        assertThat(await(groups().create(info, members, notification(id, 1, alice, now())))).isTrue();
        return info;
    }

    private long now() {
        return clock.millis();
    }

    private AppendResult append(GroupLogEntry entry) {
        return await(groups().append(entry, null));
    }

    private GroupSnapshot load() {
        return load(group);
    }

    private GroupSnapshot load(GroupId id) {
        return await(groups().load(id)).orElseThrow();
    }

    private List<Long> seqs(List<GroupLogEntry> entries) {
        return entries.stream().map(GroupLogEntry::seq).toList();
    }

    @Test
    void createdGroupLoadsWithItsInfoMembersCursorsAndLastSeq() {
        GroupInfo info = new GroupInfo(group, "Climbing", "Saturdays", alice, 1_000, true, "inv" + group);
        List<GroupMember> members = List.of(GroupMember.joined(alice, GroupRole.ADMIN, 1),
                new GroupMember(bob, GroupRole.MEMBER, 1, 0, 0, GroupMember.CURRENT),
                new GroupMember(carol, GroupRole.MEMBER, 1, 1, 1, 7));
        GroupLogEntry created = notification(group, 1, alice, now());

        assertThat(await(groups().create(info, members, created))).isTrue();

        GroupSnapshot loaded = load();
        assertThat(loaded.info()).isEqualTo(info);
        assertThat(loaded.members()).containsExactlyInAnyOrderElementsOf(members);
        assertThat(loaded.lastSeq()).isEqualTo(1);
        assertThat(await(groups().entries(group, 0, 10))).containsExactly(created);
    }

    @Test
    void unknownGroupLoadsAsEmpty() {
        assertThat(await(groups().load(GroupId.random()))).isEmpty();
    }

    @Test
    void creatingAnExistingIdReturnsFalseAndChangesNothing() {
        GroupInfo info = createGroup();
        GroupSnapshot before = load();

        boolean created = await(groups().create(info.withSubject("Other"), List.of(GroupMember.joined(carol,
                GroupRole.ADMIN, 1)), message(group, 1, carol, "other", now())));

        assertThat(created).isFalse();
        assertThat(load()).isEqualTo(before);
        assertThat(await(groups().entries(group, 0, 10))).extracting(GroupLogEntry::kind)
                .containsExactly(GroupEntryKind.NOTIFICATION);
    }

    @Test
    void appendStoresTheEntryAtTheCallersSeqAndRaisesLastSeq() {
        createGroup();
        GroupLogEntry second = message(group, 2, bob, "m2", now());
        GroupLogEntry fifth = message(group, 5, alice, "m5", now());

        assertThat(append(second)).isEqualTo(new AppendResult.Appended(2));
        assertThat(load().lastSeq()).isEqualTo(2);
        assertThat(append(fifth)).isEqualTo(new AppendResult.Appended(5));

        assertThat(load().lastSeq()).isEqualTo(5);
        assertThat(await(groups().entries(group, 1, 10))).containsExactly(second, fifth);
    }

    @Test
    void duplicateMessageIsNotStoredAndItsChangeIsNotApplied() {
        GroupInfo info = createGroup();
        append(message(group, 2, bob, "twice", now()));

        AppendResult again = await(groups().append(message(group, 3, bob, "twice", now()),
                new GroupChange(info.withSubject("Renamed"), List.of(GroupMember.joined(carol, GroupRole.MEMBER, 3)))));

        assertThat(again).isInstanceOf(AppendResult.Duplicate.class);
        GroupSnapshot loaded = load();
        assertThat(loaded.info()).isEqualTo(info);
        assertThat(loaded.lastSeq()).isEqualTo(2);
        assertThat(loaded.members()).extracting(GroupMember::user).containsExactlyInAnyOrder(alice, bob);
        assertThat(seqs(await(groups().entries(group, 0, 10)))).containsExactly(1L, 2L);
    }

    @Test
    void sameIdFromAnotherSenderOfAnotherKindOrInAnotherGroupIsStored() {
        createGroup();
        GroupId other = GroupId.random();
        createGroup(other);
        MessageId id = new MessageId("x");

        assertThat(append(message(group, 2, alice, "x", now()))).isEqualTo(new AppendResult.Appended(2));
        assertThat(append(message(group, 3, bob, "x", now()))).isEqualTo(new AppendResult.Appended(3));
        assertThat(append(new GroupLogEntry(group, 4, GroupEntryKind.NOTIFICATION, alice, id, now(), new byte[0])))
                .isEqualTo(new AppendResult.Appended(4));
        assertThat(append(message(other, 2, alice, "x", now()))).isEqualTo(new AppendResult.Appended(2));
    }

    @Test
    void notificationSavesItsChangeWithTheEntry() {
        GroupInfo info = createGroup();
        GroupInfo renamed = info.withSubject("Bouldering").withDescription("Sundays").withAnnounceOnly(true);
        GroupMember carolJoined = GroupMember.joined(carol, GroupRole.MEMBER, 2);
        GroupMember bobRemoved = GroupMember.joined(bob, GroupRole.MEMBER, 1).removedAt(2);
        GroupLogEntry entry = notification(group, 2, alice, now());

        assertThat(await(groups().append(entry, new GroupChange(renamed, List.of(carolJoined, bobRemoved)))))
                .isEqualTo(new AppendResult.Appended(2));

        GroupSnapshot loaded = load();
        assertThat(loaded.info()).isEqualTo(renamed);
        assertThat(loaded.members()).containsExactlyInAnyOrder(GroupMember.joined(alice, GroupRole.ADMIN, 1),
                carolJoined, bobRemoved);
        assertThat(loaded.lastSeq()).isEqualTo(2);
        assertThat(await(groups().entries(group, 1, 10))).containsExactly(entry);
    }

    @Test
    void appendAtATakenSeqOrToAnUnknownGroupFailsAloneAndStoresNothing() {
        GroupInfo info = createGroup();
        GroupId unknown = GroupId.random();
        CompletableFuture<AppendResult> taken = groups().append(message(group, 1, bob, "late", now()),
                new GroupChange(info.withSubject("Lost"), List.of()));
        CompletableFuture<AppendResult> orphan = groups().append(message(unknown, 1, bob, "o", now()), null);
        CompletableFuture<AppendResult> fine = groups().append(message(group, 2, bob, "fine", now()), null);

        assertThat(taken).failsWithin(Duration.ofSeconds(20)).withThrowableOfType(Exception.class)
                .havingCause().isInstanceOf(GroupLogConflictException.class);
        assertThat(orphan).failsWithin(Duration.ofSeconds(20)).withThrowableOfType(Exception.class)
                .havingCause().isInstanceOf(GroupLogConflictException.class);
        assertThat(await(fine)).isEqualTo(new AppendResult.Appended(2));
        assertThat(load().info()).isEqualTo(info);
        assertThat(seqs(await(groups().entries(group, 0, 10)))).containsExactly(1L, 2L);
        assertThat(await(groups().entries(unknown, 0, 10))).isEmpty();
    }

    @Test
    void cursorsOnlyRise() {
        createGroup();
        await(groups().saveCursors(group, List.of(new MemberCursor(bob, 5, 3))));
        await(groups().saveCursors(group, List.of(new MemberCursor(bob, 4, 4))));

        assertThat(load().members()).contains(new GroupMember(bob, GroupRole.MEMBER, 1, 5, 4, GroupMember.CURRENT));
    }

    @Test
    void removedMembersRowIsDeletedOnceItsDeliveredCursorReachesUntil() {
        GroupInfo info = createGroup();
        append(message(group, 2, alice, "m2", now()));
        await(groups().append(notification(group, 3, alice, now()),
                new GroupChange(info, List.of(GroupMember.joined(bob, GroupRole.MEMBER, 1).removedAt(3)))));

        await(groups().saveCursors(group, List.of(new MemberCursor(bob, 2, 2), new MemberCursor(alice, 3, 3))));
        assertThat(load().members()).extracting(GroupMember::user).containsExactlyInAnyOrder(alice, bob);

        await(groups().saveCursors(group, List.of(new MemberCursor(bob, 3, 2))));
        assertThat(load().members()).extracting(GroupMember::user).containsExactly(alice);
    }

    @Test
    void membershipsListCurrentGroupsAndUnackedRemovalsButNotFinishedOnes() {
        GroupId current = group;
        GroupId removed = GroupId.random();
        GroupId finished = GroupId.random();
        for (GroupId id : List.of(current, removed, finished)) {
            GroupInfo info = createGroup(id);
            await(groups().append(notification(id, 2, alice, now()),
                    new GroupChange(info, List.of(GroupMember.joined(carol, GroupRole.MEMBER, 2)))));
            if (!id.equals(current)) {
                await(groups().append(notification(id, 3, alice, now()),
                        new GroupChange(info, List.of(GroupMember.joined(carol, GroupRole.MEMBER, 2).removedAt(3)))));
            }
        }
        await(groups().saveCursors(finished, List.of(new MemberCursor(carol, 3, 3))));
        await(groups().saveCursors(removed, List.of(new MemberCursor(carol, 2, 2))));

        assertThat(await(groups().memberships(carol))).containsExactlyInAnyOrder(
                new GroupMembership(current, 2, 1, GroupMember.CURRENT), new GroupMembership(removed, 2, 2, 3));
        assertThat(await(groups().memberships(freshUser()))).isEmpty();
    }

    @Test
    void listingsShowCurrentGroupsWithSubjectCountAndRoleButNotRemovals() {
        GroupId admin = GroupId.random();
        GroupId member = GroupId.random();
        GroupId removed = GroupId.random();
        for (GroupId id : List.of(admin, member, removed)) {
            GroupInfo info = createGroup(id);
            GroupRole role = id.equals(admin) ? GroupRole.ADMIN : GroupRole.MEMBER;
            await(groups().append(notification(id, 2, alice, now()), new GroupChange(info.withSubject("S " + id),
                    List.of(GroupMember.joined(carol, role, 2)))));
        }
        // Bob leaves "member", so it counts two; carol is removed from "removed" and has not acked it yet.
        GroupInfo memberInfo = load(member).info();
        await(groups().append(notification(member, 3, bob, now()),
                new GroupChange(memberInfo, List.of(GroupMember.joined(bob, GroupRole.MEMBER, 1).removedAt(3)))));
        GroupInfo removedInfo = load(removed).info();
        await(groups().append(notification(removed, 3, alice, now()),
                new GroupChange(removedInfo, List.of(GroupMember.joined(carol, GroupRole.MEMBER, 2).removedAt(3)))));

        List<GroupListing> expected = new ArrayList<>(List.of(
                new GroupListing(admin, "S " + admin, 3, GroupRole.ADMIN),
                new GroupListing(member, "S " + member, 2, GroupRole.MEMBER)));
        expected.sort((a, b) -> a.group().value().compareTo(b.group().value()));
        assertThat(await(groups().listings(carol, 1024))).containsExactlyElementsOf(expected);
        assertThat(await(groups().listings(carol, 1))).containsExactly(expected.get(0));
        assertThat(await(groups().listings(freshUser(), 1024))).isEmpty();
    }

    @Test
    void entriesForAMemberStayWithinItsJoinedAndUntilWindowAndPage() {
        GroupInfo info = createGroup();
        append(message(group, 2, alice, "before", now()));
        await(groups().append(notification(group, 3, alice, now()),
                new GroupChange(info, List.of(GroupMember.joined(carol, GroupRole.MEMBER, 3)))));
        for (long seq = 4; seq <= 8; seq++) {
            append(message(group, seq, bob, "m" + seq, now()));
        }
        await(groups().append(notification(group, 9, alice, now()),
                new GroupChange(info, List.of(GroupMember.joined(carol, GroupRole.MEMBER, 3).removedAt(9)))));
        append(message(group, 10, bob, "after", now()));

        List<Long> paged = new ArrayList<>();
        List<GroupLogEntry> page = await(groups().entriesFor(carol, group, 0, 3));
        while (!page.isEmpty()) {
            assertThat(page).hasSizeLessThanOrEqualTo(3);
            paged.addAll(seqs(page));
            page = await(groups().entriesFor(carol, group, page.get(page.size() - 1).seq(), 3));
        }
        assertThat(paged).containsExactly(3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(seqs(await(groups().entriesFor(bob, group, 8, 10)))).containsExactly(9L, 10L);
        assertThat(await(groups().entriesFor(freshUser(), group, 0, 10))).isEmpty();
        assertThat(seqs(await(groups().entries(group, 7, 2)))).containsExactly(8L, 9L);
    }

    @Test
    void seqOfFindsAStoredMessageButNeverANotification() {
        createGroup();
        append(message(group, 2, bob, "m2", now()));

        assertThat(await(groups().seqOf(group, bob, new MessageId("m2")))).isEqualTo(OptionalLong.of(2));
        assertThat(await(groups().seqOf(group, alice, new MessageId("m2")))).isEmpty();
        assertThat(await(groups().seqOf(group, alice, new MessageId("n1")))).isEmpty();
    }

    @Test
    void inviteCodeFindsItsGroupUntilRevokedAndEmptyNeverMatches() {
        GroupInfo info = createGroup();
        assertThat(await(groups().findByInviteCode(""))).isEmpty();
        String first = "a" + group;
        String second = "b" + group;
        await(groups().append(notification(group, 2, alice, now()), new GroupChange(info.withInviteCode(first),
                List.of())));
        assertThat(await(groups().findByInviteCode(first))).contains(group);

        await(groups().append(notification(group, 3, alice, now()), new GroupChange(info.withInviteCode(second),
                List.of())));

        assertThat(await(groups().findByInviteCode(first))).isEmpty();
        assertThat(await(groups().findByInviteCode(second))).contains(group);
    }

    @Test
    void droppingDeliveredPayloadsEmptiesThemUpToTheSeqOnlyAndKeepsTheKeys() {
        createGroup();
        for (long seq = 2; seq <= 4; seq++) {
            append(message(group, seq, bob, "m" + seq, now()));
        }

        await(groups().dropDeliveredPayloads(group, 3));
        await(groups().dropDeliveredPayloads(group, 3));

        List<GroupLogEntry> entries = await(groups().entries(group, 0, 10));
        assertThat(entries).extracting(e -> e.payload().length).containsExactly(0, 0, 0, "body of m4".length());
        assertThat(append(message(group, 5, bob, "m2", now()))).isInstanceOf(AppendResult.Duplicate.class);
        assertThat(await(groups().seqOf(group, bob, new MessageId("m3")))).isEqualTo(OptionalLong.of(3));
    }

    @Test
    void entriesOlderThanTheRetentionArePurgedWithTheRowsTheyStranded() {
        GroupInfo info = createGroup();
        append(message(group, 2, alice, "old", now()));
        await(groups().append(notification(group, 3, alice, now()),
                new GroupChange(info, List.of(GroupMember.joined(bob, GroupRole.MEMBER, 1).removedAt(3)))));

        clock.advance(settings().dedupeRetention().plusDays(1));
        append(message(group, 4, alice, "new", now()));
        // The writer's own schedule may purge first (it reads the same clock), so only the effect is asserted.
        assertThat(await(stores.purgeExpired())).isNotNegative();

        assertThat(seqs(await(groups().entries(group, 0, 10)))).containsExactly(4L);
        assertThat(load().lastSeq()).isEqualTo(4);
        assertThat(await(groups().memberships(bob))).isEmpty();
        assertThat(append(message(group, 5, alice, "old", now()))).isEqualTo(new AppendResult.Appended(5));
    }

    @Test
    void roundMixingMailboxAndGroupWritesCommitsBoth() throws Exception {
        createGroup();
        long commitsBefore = stores.mailboxCommits();
        List<CompletableFuture<AppendResult>> mailbox = new ArrayList<>();
        List<CompletableFuture<AppendResult>> inGroup = new ArrayList<>();
        try (AutoCloseable lock = holdWriteLock()) {
            // The first write stalls the writer on the lock; the rest queue up behind it and form the next round.
            for (int i = 0; i < 20; i++) {
                mailbox.add(stores.mailbox().append(StoreFixtures.message(carol, alice, "mix" + i)));
                inGroup.add(groups().append(message(group, 2 + i, alice, "mix" + i, now()), null));
            }
        }
        mailbox.forEach(f -> assertThat(await(f)).isInstanceOf(AppendResult.Appended.class));
        inGroup.forEach(f -> assertThat(await(f)).isInstanceOf(AppendResult.Appended.class));

        assertThat(stores.mailboxCommits() - commitsBefore).isLessThanOrEqualTo(2);
        assertThat(await(stores.mailbox().countPending(carol))).isEqualTo(20);
        assertThat(load().lastSeq()).isEqualTo(21);
    }

    @Test
    void pipelinedWritesOfOneGroupInOneRoundApplyInQueueOrder() throws Exception {
        GroupInfo info = info(group, alice);
        List<CompletableFuture<?>> writes = new ArrayList<>();
        try (AutoCloseable lock = holdWriteLock()) {
            // The mailbox append stalls the writer on the lock; the group's writes queue up behind it as one round.
            writes.add(stores.mailbox().append(StoreFixtures.message(carol, alice, "stall")));
            writes.add(groups().create(info, List.of(GroupMember.joined(alice, GroupRole.ADMIN, 1),
                    GroupMember.joined(bob, GroupRole.MEMBER, 1)), notification(group, 1, alice, now())));
            writes.add(groups().append(message(group, 2, bob, "m2", now()), null));
            writes.add(groups().append(notification(group, 3, alice, now()),
                    new GroupChange(info, List.of(GroupMember.joined(bob, GroupRole.MEMBER, 1).removedAt(3)))));
            writes.add(groups().saveCursors(group, List.of(new MemberCursor(bob, 3, 3))));
            writes.add(groups().dropDeliveredPayloads(group, 2));
        }
        writes.forEach(StoreFixtures::await);

        GroupSnapshot loaded = load();
        assertThat(loaded.members()).extracting(GroupMember::user).containsExactly(alice);
        assertThat(loaded.lastSeq()).isEqualTo(3);
        assertThat(await(groups().entries(group, 0, 10))).extracting(e -> e.payload().length > 0)
                .containsExactly(false, false, true);
    }

    @Test
    void invalidWriteFailsAloneBeforeItIsQueued() {
        GroupInfo info = info(group, alice);
        GroupMember twice = GroupMember.joined(bob, GroupRole.MEMBER, 1);

        assertThat(groups().create(info, List.of(twice, twice), notification(group, 1, alice, now())))
                .failsWithin(Duration.ZERO).withThrowableOfType(Exception.class)
                .havingCause().isInstanceOf(IllegalArgumentException.class);
        assertThat(groups().create(info.withSubject("x".repeat(101)), List.of(), notification(group, 1, alice, now())))
                .failsWithin(Duration.ZERO).withThrowableOfType(Exception.class)
                .havingCause().isInstanceOf(IllegalArgumentException.class);
        assertThat(await(groups().load(group))).isEmpty();
    }

    @Test
    void groupSurvivesReopeningTheStore() {
        createGroup();
        append(message(group, 2, bob, "kept", now()));
        GroupSnapshot before = load();
        stores.close();

        stores = Stores.open(settings(), clock);

        assertThat(load()).isEqualTo(before);
        assertThat(seqs(await(groups().entries(group, 0, 10)))).containsExactly(1L, 2L);
    }

    @Test
    void payloadBytesAreNeverInAnyToString() {
        byte[] payload = "secret-body".getBytes(StandardCharsets.UTF_8);
        GroupLogEntry entry = new GroupLogEntry(group, 1, GroupEntryKind.MESSAGE, alice, new MessageId("s"), 1,
                payload);
        List<Object> shown = List.of(entry,
                new StoreWrite.AppendToGroup(entry, null, new CompletableFuture<>()),
                new StoreWrite.CreateGroup(info(group, alice), List.of(), entry, new CompletableFuture<>()));

        for (Object o : shown) {
            assertThat(o.toString()).doesNotContain("secret").doesNotContain(Arrays.toString(payload))
                    .contains("11 bytes");
        }
    }
}

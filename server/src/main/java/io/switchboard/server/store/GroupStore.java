// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import io.switchboard.protocol.id.GroupId;
import io.switchboard.protocol.id.MessageId;
import io.switchboard.protocol.id.UserId;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * Groups: metadata, members with their delivery cursors, and each group's log of messages and notifications,
 * stored once for all members. Writes share the mailbox's group committer (one transaction per round, forced to
 * disk before any future completes), in queue order; reads go through the reader threads. The group entity is the
 * only writer of its group's rows, so writes of one group never race, and it assigns log seqs itself.
 *
 * <p>Log entries live for the dedupe retention ({@code switchboard.store.dedupe-retention}), counted from their
 * server time: an entry an offline member did not fetch within it is gone (as WhatsApp keeps group messages 30
 * days), and a removed member whose last entry went has its row deleted. The group's last seq survives, so seqs are
 * never reused.
 */
public interface GroupStore {

    /**
     * Creates the group: its metadata row, its members and its first log entry (the creation notification), in
     * one transaction.
     *
     * @return true when created; false when a group with this id exists already (nothing was written)
     */
    CompletableFuture<Boolean> create(GroupInfo info, List<GroupMember> members, GroupLogEntry created);

    /** The group, or empty when no group has this id. */
    CompletableFuture<Optional<GroupSnapshot>> load(GroupId group);

    /**
     * Appends {@code entry} to its group's log and raises the group's last seq to it; when {@code change} is not
     * null, saves it in the same transaction. A message whose (group, kind, sender, id) is in the log already
     * (within the dedupe retention) is a {@link AppendResult.Duplicate} and nothing is written, change included.
     * When the group has no row or {@code entry}'s seq holds another entry, the future fails with
     * {@link GroupLogConflictException} and nothing is written; other writes are unaffected.
     */
    CompletableFuture<AppendResult> append(GroupLogEntry entry, GroupChange change);

    /**
     * Saves members' cursors (only ever raised: a lower value than stored is ignored) and deletes the rows of
     * removed members whose cursor reached their {@code untilSeq}.
     */
    CompletableFuture<Void> saveCursors(GroupId group, List<MemberCursor> cursors);

    /**
     * The groups {@code user} still has entries to receive from: every current membership, and removals not yet
     * acked.
     */
    CompletableFuture<List<GroupMembership>> memberships(UserId user);

    /**
     * Up to {@code limit} of the groups {@code user} is a member of now (not those it was removed from or left),
     * in group id order, each with its subject, current member count and the user's role; read in one statement, so
     * every listing reflects one committed state.
     */
    CompletableFuture<List<GroupListing>> listings(UserId user, int limit);

    /**
     * Up to {@code limit} entries of {@code group} with seq greater than {@code afterSeq} that belong to
     * {@code member} ({@code joinedSeq <= seq <= untilSeq}), in seq order; empty when it has no row in the group.
     */
    CompletableFuture<List<GroupLogEntry>> entriesFor(UserId member, GroupId group, long afterSeq, int limit);

    /** Up to {@code limit} entries of {@code group} with seq greater than {@code afterSeq}, in seq order. */
    CompletableFuture<List<GroupLogEntry>> entries(GroupId group, long afterSeq, int limit);

    /** The seq of {@code sender}'s message {@code id} in {@code group}, if it is still in the log. */
    CompletableFuture<OptionalLong> seqOf(GroupId group, UserId sender, MessageId id);

    /** The group whose current invite code is {@code code}, if any. */
    CompletableFuture<Optional<GroupId>> findByInviteCode(String code);

    /**
     * Empties the payload of every entry of {@code group} up to {@code upToSeq}: every member has them, so the
     * content goes; the keys stay for duplicate suppression and receipts until the dedupe retention purges them.
     */
    CompletableFuture<Void> dropDeliveredPayloads(GroupId group, long upToSeq);
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import io.switchboard.protocol.id.GroupId;
import io.switchboard.protocol.id.MessageId;
import io.switchboard.protocol.id.UserId;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * {@link GroupStore} on JDBC: writes are queued on the {@link GroupCommitter} and run by {@link GroupBatchWriter} in
 * the same round transactions as mailbox writes; reads go through the {@link JdbcExecutor} and see committed rows
 * only. Each read is one statement, so it sees one consistent state of the group.
 *
 * <p>Log entries older than the dedupe retention are purged with the dedupe keys (see {@link GroupCommitter}): an
 * entry a member did not fetch within the retention is gone, and a retry after it is no longer a duplicate.
 */
final class JdbcGroupStore implements GroupStore {

    // The group row with every member row; a group without members still yields its one row (LEFT JOIN).
    private static final String LOAD = "SELECT g.subject, g.description, g.creator, g.created_at, g.announce_only,"
            + " g.invite_code, g.last_seq, m.user_id, m.role, m.joined_seq, m.delivered_seq, m.read_seq, m.until_seq"
            + " FROM chat_group g LEFT JOIN group_member m ON m.group_id = g.group_id WHERE g.group_id = ?"
            + " ORDER BY m.user_id";
    private static final String MEMBERSHIPS = "SELECT group_id, joined_seq, delivered_seq, until_seq FROM group_member"
            + " WHERE user_id = ? AND delivered_seq < until_seq ORDER BY group_id";
    // Current memberships only (until_seq is Long.MAX_VALUE), each group's current members counted beside it.
    private static final String LISTINGS = "SELECT m.group_id, g.subject, m.role, (SELECT COUNT(*) FROM group_member c"
            + " WHERE c.group_id = m.group_id AND c.until_seq = ?) FROM group_member m"
            + " JOIN chat_group g ON g.group_id = m.group_id WHERE m.user_id = ? AND m.until_seq = ?"
            + " ORDER BY m.group_id LIMIT ?";
    private static final String ENTRIES_FOR = "SELECT l.seq, l.kind, l.sender, l.message_id, l.server_time, l.payload"
            + " FROM group_log l JOIN group_member m ON m.group_id = l.group_id"
            + " WHERE m.group_id = ? AND m.user_id = ? AND l.seq > ? AND l.seq >= m.joined_seq AND l.seq <= m.until_seq"
            + " ORDER BY l.seq LIMIT ?";
    private static final String ENTRIES = "SELECT seq, kind, sender, message_id, server_time, payload FROM group_log"
            + " WHERE group_id = ? AND seq > ? ORDER BY seq LIMIT ?";
    private static final String SEQ_OF = "SELECT seq FROM group_log WHERE group_id = ? AND kind = ? AND sender = ?"
            + " AND message_id = ?";
    // The repeated "<> ''" lets both databases use the partial index on invite codes.
    private static final String BY_INVITE = "SELECT group_id FROM chat_group WHERE invite_code = ?"
            + " AND invite_code <> ''";

    private final GroupCommitter committer;
    private final JdbcExecutor reads;

    JdbcGroupStore(GroupCommitter committer, JdbcExecutor reads) {
        this.committer = committer;
        this.reads = reads;
    }

    @Override
    public CompletableFuture<Boolean> create(GroupInfo info, List<GroupMember> members, GroupLogEntry created) {
        try {
            GroupWriteCheck.create(info, members, created);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        var done = new CompletableFuture<Boolean>();
        committer.enqueue(new StoreWrite.CreateGroup(info, List.copyOf(members), created, done));
        return done;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Fails with {@link GroupLogConflictException} when the group has no row or {@code entry}'s seq holds another
     * entry (nothing is written), and with {@link IllegalArgumentException} when {@code change} is for another group
     * or does not fit its columns.
     */
    @Override
    public CompletableFuture<AppendResult> append(GroupLogEntry entry, GroupChange change) {
        try {
            GroupWriteCheck.append(entry, change);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        var done = new CompletableFuture<AppendResult>();
        committer.enqueue(new StoreWrite.AppendToGroup(entry, change, done));
        return done;
    }

    @Override
    public CompletableFuture<Void> saveCursors(GroupId group, List<MemberCursor> cursors) {
        var done = new CompletableFuture<Void>();
        committer.enqueue(new StoreWrite.SaveCursors(group, List.copyOf(cursors), done));
        return done;
    }

    @Override
    public CompletableFuture<Void> dropDeliveredPayloads(GroupId group, long upToSeq) {
        var done = new CompletableFuture<Void>();
        committer.enqueue(new StoreWrite.DropPayloads(group, upToSeq, done));
        return done;
    }

    @Override
    public CompletableFuture<Optional<GroupSnapshot>> load(GroupId group) {
        return reads.call(c -> {
            try (PreparedStatement ps = c.prepareStatement(LOAD)) {
                ps.setString(1, group.value());
                try (ResultSet rs = ps.executeQuery()) {
                    return readSnapshot(group, rs);
                }
            }
        });
    }

    private static Optional<GroupSnapshot> readSnapshot(GroupId group, ResultSet rs) throws SQLException {
        if (!rs.next()) {
            return Optional.empty();
        }
        GroupInfo info = new GroupInfo(group, rs.getString(1), rs.getString(2), new UserId(rs.getString(3)),
                rs.getLong(4), rs.getInt(5) != 0, rs.getString(6));
        long lastSeq = rs.getLong(7);
        List<GroupMember> members = new ArrayList<>();
        do {
            String user = rs.getString(8);
            if (user != null) {
                members.add(new GroupMember(new UserId(user), GroupRole.ofCode(rs.getInt(9)), rs.getLong(10),
                        rs.getLong(11), rs.getLong(12), rs.getLong(13)));
            }
        } while (rs.next());
        return Optional.of(new GroupSnapshot(info, members, lastSeq));
    }

    @Override
    public CompletableFuture<List<GroupMembership>> memberships(UserId user) {
        return reads.call(c -> {
            try (PreparedStatement ps = c.prepareStatement(MEMBERSHIPS)) {
                ps.setString(1, user.digits());
                try (ResultSet rs = ps.executeQuery()) {
                    List<GroupMembership> memberships = new ArrayList<>();
                    while (rs.next()) {
                        memberships.add(new GroupMembership(new GroupId(rs.getString(1)), rs.getLong(2),
                                rs.getLong(3), rs.getLong(4)));
                    }
                    return memberships;
                }
            }
        });
    }

    @Override
    public CompletableFuture<List<GroupListing>> listings(UserId user, int limit) {
        if (limit < 1) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("limit must be positive: " + limit));
        }
        return reads.call(c -> {
            try (PreparedStatement ps = c.prepareStatement(LISTINGS)) {
                ps.setLong(1, GroupMember.CURRENT);
                ps.setString(2, user.digits());
                ps.setLong(3, GroupMember.CURRENT);
                ps.setInt(4, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    List<GroupListing> listings = new ArrayList<>();
                    while (rs.next()) {
                        listings.add(new GroupListing(new GroupId(rs.getString(1)), rs.getString(2), rs.getInt(4),
                                GroupRole.ofCode(rs.getInt(3))));
                    }
                    return listings;
                }
            }
        });
    }

    @Override
    public CompletableFuture<List<GroupLogEntry>> entriesFor(UserId member, GroupId group, long afterSeq, int limit) {
        if (limit < 1) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("limit must be positive: " + limit));
        }
        return reads.call(c -> {
            try (PreparedStatement ps = c.prepareStatement(ENTRIES_FOR)) {
                ps.setString(1, group.value());
                ps.setString(2, member.digits());
                ps.setLong(3, afterSeq);
                ps.setInt(4, limit);
                return readEntries(group, ps, limit);
            }
        });
    }

    @Override
    public CompletableFuture<List<GroupLogEntry>> entries(GroupId group, long afterSeq, int limit) {
        if (limit < 1) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("limit must be positive: " + limit));
        }
        return reads.call(c -> {
            try (PreparedStatement ps = c.prepareStatement(ENTRIES)) {
                ps.setString(1, group.value());
                ps.setLong(2, afterSeq);
                ps.setInt(3, limit);
                return readEntries(group, ps, limit);
            }
        });
    }

    private static List<GroupLogEntry> readEntries(GroupId group, PreparedStatement ps, int limit)
            throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            List<GroupLogEntry> entries = new ArrayList<>(Math.min(limit, 1024));
            while (rs.next()) {
                entries.add(new GroupLogEntry(group, rs.getLong(1), GroupEntryKind.ofCode(rs.getInt(2)),
                        new UserId(rs.getString(3)), new MessageId(rs.getString(4)), rs.getLong(5), rs.getBytes(6)));
            }
            return entries;
        }
    }

    @Override
    public CompletableFuture<OptionalLong> seqOf(GroupId group, UserId sender, MessageId id) {
        return reads.call(c -> {
            try (PreparedStatement ps = c.prepareStatement(SEQ_OF)) {
                ps.setString(1, group.value());
                ps.setInt(2, GroupEntryKind.MESSAGE.code());
                ps.setString(3, sender.digits());
                ps.setString(4, id.value());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
                }
            }
        });
    }

    @Override
    public CompletableFuture<Optional<GroupId>> findByInviteCode(String code) {
        if (code.isEmpty()) {
            // Empty means "no code" in the table; it must never let anyone join.
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return reads.call(c -> {
            try (PreparedStatement ps = c.prepareStatement(BY_INVITE)) {
                ps.setString(1, code);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new GroupId(rs.getString(1))) : Optional.empty();
                }
            }
        });
    }
}

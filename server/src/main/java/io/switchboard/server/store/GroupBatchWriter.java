// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The SQL of a round's group writes: executes them one by one, in queue order, inside the caller's open transaction
 * and records each one's result. Order matters because a group entity pipelines its writes (a create, then appends,
 * then the cursors that may delete a member row an earlier append removed), so nothing here is reordered.
 *
 * <p>No expected outcome may fail the round, since other callers' writes share its transaction: an existing group
 * id and a duplicate message are found by {@code ON CONFLICT DO NOTHING} (update count 0), and an append that would
 * store nothing for another reason becomes that write's own {@link GroupLogConflictException}, with nothing written.
 */
final class GroupBatchWriter {

    private static final String CREATE_GROUP = "INSERT INTO chat_group (group_id, subject, description, creator,"
            + " created_at, announce_only, invite_code, last_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT DO NOTHING";
    private static final String UPDATE_INFO = "UPDATE chat_group SET subject = ?, description = ?, creator = ?,"
            + " created_at = ?, announce_only = ?, invite_code = ? WHERE group_id = ?";
    // CASE rather than MAX()/GREATEST(), which the two dialects spell differently.
    private static final String RAISE_LAST_SEQ = "UPDATE chat_group SET last_seq = CASE WHEN last_seq < ? THEN ?"
            + " ELSE last_seq END WHERE group_id = ?";
    private static final String UPSERT_MEMBER = "INSERT INTO group_member (group_id, user_id, role, joined_seq,"
            + " delivered_seq, read_seq, until_seq) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (group_id, user_id)"
            + " DO UPDATE SET role = excluded.role, joined_seq = excluded.joined_seq,"
            + " delivered_seq = excluded.delivered_seq, read_seq = excluded.read_seq, until_seq = excluded.until_seq";
    private static final String INSERT_CREATED = "INSERT INTO group_log (group_id, seq, kind, sender, message_id,"
            + " server_time, payload) VALUES (?, ?, ?, ?, ?, ?, ?)";
    // Stores nothing, rather than failing the round, on a duplicate key, a taken seq or a group with no row.
    private static final String APPEND_ENTRY = "INSERT INTO group_log (group_id, seq, kind, sender, message_id,"
            + " server_time, payload) SELECT ?, ?, ?, ?, ?, ?, ? WHERE EXISTS"
            + " (SELECT 1 FROM chat_group WHERE group_id = ?) ON CONFLICT DO NOTHING";
    private static final String FIND_KEY = "SELECT seq FROM group_log WHERE group_id = ? AND kind = ? AND sender = ?"
            + " AND message_id = ?";
    private static final String RAISE_CURSORS = "UPDATE group_member"
            + " SET delivered_seq = CASE WHEN delivered_seq < ? THEN ? ELSE delivered_seq END,"
            + " read_seq = CASE WHEN read_seq < ? THEN ? ELSE read_seq END WHERE group_id = ? AND user_id = ?";
    private static final String DELETE_FINISHED = "DELETE FROM group_member WHERE group_id = ? AND until_seq < ?"
            + " AND delivered_seq >= until_seq";
    private static final String DROP_PAYLOADS = "UPDATE group_log SET payload = ? WHERE group_id = ? AND seq <= ?"
            + " AND length(payload) > 0";
    private static final String PURGE_LOG = "DELETE FROM group_log WHERE server_time < ?";
    // A removed member whose last entry the purge took can never receive it: its row would list forever.
    private static final String PURGE_STRANDED = "DELETE FROM group_member WHERE until_seq < ? AND NOT EXISTS"
            + " (SELECT 1 FROM group_log l WHERE l.group_id = group_member.group_id"
            + " AND l.seq = group_member.until_seq)";

    private static final AppendResult DUPLICATE = new AppendResult.Duplicate();
    private static final byte[] NO_PAYLOAD = new byte[0];

    /**
     * Executes the group writes among {@code writes}, in order, in {@code c}'s transaction; other writes are left
     * alone.
     *
     * @param results filled per group write: true/false for a create, the {@link AppendResult} or a
     *                {@link GroupLogConflictException} for an append, {@code null} otherwise
     */
    void execute(Connection c, List<StoreWrite> writes, Object[] results) throws SQLException {
        try (Statements s = new Statements(c)) {
            for (int i = 0; i < writes.size(); i++) {
                StoreWrite w = writes.get(i);
                if (w instanceof StoreWrite.CreateGroup g) {
                    results[i] = create(s, g);
                } else if (w instanceof StoreWrite.AppendToGroup a) {
                    results[i] = append(s, a.entry(), a.change());
                } else if (w instanceof StoreWrite.SaveCursors sc) {
                    saveCursors(s, sc);
                } else if (w instanceof StoreWrite.DropPayloads d) {
                    dropPayloads(s, d);
                }
            }
        }
    }

    /** Deletes log entries stored before {@code before}, and the member rows left waiting for one; returns how many. */
    int purge(Connection c, long before) throws SQLException {
        try (Statements s = new Statements(c)) {
            PreparedStatement log = s.get(PURGE_LOG);
            log.setLong(1, before);
            int purged = log.executeUpdate();
            PreparedStatement stranded = s.get(PURGE_STRANDED);
            stranded.setLong(1, GroupMember.CURRENT);
            return purged + stranded.executeUpdate();
        }
    }

    private static boolean create(Statements s, StoreWrite.CreateGroup g) throws SQLException {
        GroupInfo info = g.info();
        PreparedStatement ps = s.get(CREATE_GROUP);
        ps.setString(1, info.id().value());
        ps.setString(2, info.subject());
        ps.setString(3, info.description());
        ps.setString(4, info.creator().digits());
        ps.setLong(5, info.createdAt());
        ps.setInt(6, info.announceOnly() ? 1 : 0);
        ps.setString(7, info.inviteCode());
        ps.setLong(8, g.created().seq());
        if (ps.executeUpdate() == 0) {
            return false;
        }
        saveMembers(s, info, g.members());
        PreparedStatement entry = s.get(INSERT_CREATED);
        bindEntry(entry, g.created());
        entry.executeUpdate();
        return true;
    }

    private static Object append(Statements s, GroupLogEntry e, GroupChange change) throws SQLException {
        PreparedStatement insert = s.get(APPEND_ENTRY);
        bindEntry(insert, e);
        insert.setString(8, e.group().value());
        if (insert.executeUpdate() == 0) {
            return isStored(s, e) ? DUPLICATE : new GroupLogConflictException(e.group(), e.seq());
        }
        PreparedStatement raise = s.get(RAISE_LAST_SEQ);
        raise.setLong(1, e.seq());
        raise.setLong(2, e.seq());
        raise.setString(3, e.group().value());
        raise.executeUpdate();
        if (change != null) {
            saveInfo(s, change.info());
            saveMembers(s, change.info(), change.members());
        }
        return new AppendResult.Appended(e.seq());
    }

    private static boolean isStored(Statements s, GroupLogEntry e) throws SQLException {
        PreparedStatement ps = s.get(FIND_KEY);
        ps.setString(1, e.group().value());
        ps.setInt(2, e.kind().code());
        ps.setString(3, e.sender().digits());
        ps.setString(4, e.messageId().value());
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    private static void saveInfo(Statements s, GroupInfo info) throws SQLException {
        PreparedStatement ps = s.get(UPDATE_INFO);
        ps.setString(1, info.subject());
        ps.setString(2, info.description());
        ps.setString(3, info.creator().digits());
        ps.setLong(4, info.createdAt());
        ps.setInt(5, info.announceOnly() ? 1 : 0);
        ps.setString(6, info.inviteCode());
        ps.setString(7, info.id().value());
        ps.executeUpdate();
    }

    private static void saveMembers(Statements s, GroupInfo info, List<GroupMember> members) throws SQLException {
        if (members.isEmpty()) {
            return;
        }
        PreparedStatement ps = s.get(UPSERT_MEMBER);
        for (GroupMember m : members) {
            ps.setString(1, info.id().value());
            ps.setString(2, m.user().digits());
            ps.setInt(3, m.role().code());
            ps.setLong(4, m.joinedSeq());
            ps.setLong(5, m.deliveredSeq());
            ps.setLong(6, m.readSeq());
            ps.setLong(7, m.untilSeq());
            ps.addBatch();
        }
        ps.executeBatch();
    }

    private static void saveCursors(Statements s, StoreWrite.SaveCursors sc) throws SQLException {
        if (!sc.cursors().isEmpty()) {
            PreparedStatement ps = s.get(RAISE_CURSORS);
            for (MemberCursor cursor : sc.cursors()) {
                ps.setLong(1, cursor.deliveredSeq());
                ps.setLong(2, cursor.deliveredSeq());
                ps.setLong(3, cursor.readSeq());
                ps.setLong(4, cursor.readSeq());
                ps.setString(5, sc.group().value());
                ps.setString(6, cursor.user().digits());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        PreparedStatement delete = s.get(DELETE_FINISHED);
        delete.setString(1, sc.group().value());
        delete.setLong(2, GroupMember.CURRENT);
        delete.executeUpdate();
    }

    private static void dropPayloads(Statements s, StoreWrite.DropPayloads d) throws SQLException {
        PreparedStatement ps = s.get(DROP_PAYLOADS);
        ps.setBytes(1, NO_PAYLOAD);
        ps.setString(2, d.group().value());
        ps.setLong(3, d.upToSeq());
        ps.executeUpdate();
    }

    private static void bindEntry(PreparedStatement ps, GroupLogEntry e) throws SQLException {
        ps.setString(1, e.group().value());
        ps.setLong(2, e.seq());
        ps.setInt(3, e.kind().code());
        ps.setString(4, e.sender().digits());
        ps.setString(5, e.messageId().value());
        ps.setLong(6, e.serverTime());
        ps.setBytes(7, e.payload());
    }

    /** One round's prepared statements, each prepared on first use and reused for the rest of the round. */
    private static final class Statements implements AutoCloseable {

        private final Connection c;
        private final Map<String, PreparedStatement> prepared = new HashMap<>();

        Statements(Connection c) {
            this.c = c;
        }

        PreparedStatement get(String sql) throws SQLException {
            PreparedStatement ps = prepared.get(sql);
            if (ps == null) {
                ps = c.prepareStatement(sql);
                prepared.put(sql, ps);
            }
            return ps;
        }

        @Override
        public void close() throws SQLException {
            SQLException first = null;
            for (PreparedStatement ps : prepared.values()) {
                try {
                    ps.close();
                } catch (SQLException e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli.chat;

import io.switchboard.protocol.id.UserId;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The chat client's local history: conversations and their lines in an embedded SQLite database in the client
 * directory ({@code DIR/history.db}), so they survive restarts and reconnects. A line is written before the SDK
 * acknowledges the message it came from, so nothing acknowledged is lost if the client dies a moment later;
 * a redelivered message, notification or ack is recognised by (chat, sender, id) and written once.
 *
 * <p>Receipts can arrive before the ack that tells this client its message's id; they wait in their own table and
 * are applied when the id becomes known. Thread-safe: one connection, one caller at a time.
 */
public final class HistoryStore implements AutoCloseable {
    /** The file name in the client directory. */
    public static final String FILE = "history.db";

    /** The schema, idempotent statements run at every open. */
    private static final String SCHEMA = "history.sql";
    private static final String COLUMNS = "local_id, chat, kind, outgoing, sender, msg_id, text, time, tick, seen";

    private final Connection db;

    private HistoryStore(Connection db) {
        this.db = db;
    }

    /**
     * Opens (creating if needed) the history in {@code file}.
     *
     * @throws HistoryException if the file cannot be opened or is not a history database
     */
    public static HistoryStore open(Path file) {
        try {
            Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                for (String ddl : schema().split(";")) {
                    if (!ddl.strip().lines().allMatch(line -> line.isBlank() || line.startsWith("--"))) {
                        s.execute(ddl);
                    }
                }
            }
            return new HistoryStore(db);
        } catch (SQLException e) {
            throw new HistoryException("cannot open the chat history " + file + " (" + e.getMessage()
                    + "); move it aside to start with an empty history", e);
        }
    }

    private static String schema() {
        try (InputStream in = HistoryStore.class.getResourceAsStream(SCHEMA)) {
            return new String(Objects.requireNonNull(in, SCHEMA).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records a conversation if it is new; a known one keeps its title and start. */
    public synchronized void ensureChat(ChatId chat, String title, Instant started) {
        update("INSERT OR IGNORE INTO chats (chat, title, started) VALUES (?, ?, ?)",
                chat.address(), title, started.toEpochMilli());
    }

    /** Renames a conversation (a group's new subject), recording it if it is new. */
    public synchronized void setTitle(ChatId chat, String title, Instant now) {
        ensureChat(chat, title, now);
        update("UPDATE chats SET title = ? WHERE chat = ?", title, chat.address());
    }

    /** Writes a message this user just typed, {@link Tick#PENDING} until its ack. */
    public synchronized ChatMessage addOutgoing(ChatId chat, UserId me, String text, Instant now) {
        ensureChat(chat, chat.defaultTitle(), now);
        long localId = insert(chat, ChatMessage.Kind.TEXT, true, me, null, text, now, Tick.PENDING, true);
        return new ChatMessage(localId, chat, ChatMessage.Kind.TEXT, true, me, Optional.empty(), text, now,
                Tick.PENDING, true);
    }

    /**
     * Writes a message received from {@code from}.
     *
     * @return the new line, or empty when this message was written before (a redelivery)
     */
    public synchronized Optional<ChatMessage> addIncoming(ChatId chat, UserId from, String id, String text,
            Instant time) {
        return addOnce(chat, ChatMessage.Kind.TEXT, from, id, text, time);
    }

    /** Writes a group notification, once. */
    public synchronized Optional<ChatMessage> addNote(ChatId chat, UserId actor, String id, String text,
            Instant time) {
        return addOnce(chat, ChatMessage.Kind.NOTE, actor, id, text, time);
    }

    /** The server acked the outgoing line {@code localId}: it has the id {@code id} and the server's time. */
    public synchronized void markSent(long localId, String id, Instant time) {
        Optional<ChatMessage> line = byLocalId(localId);
        if (line.isEmpty()) {
            return;
        }
        Tick tick = line.get().tick().advance(Tick.SENT);
        Optional<Tick> early = earlyReceipt(line.get().chat(), id);
        if (early.isPresent()) {
            tick = tick.advance(early.get());
            update("DELETE FROM early_receipts WHERE chat = ? AND msg_id = ?", line.get().chat().address(), id);
        }
        update("UPDATE messages SET msg_id = ?, time = ?, tick = ? WHERE local_id = ?", id, time.toEpochMilli(),
                tick.code(), localId);
    }

    /** The server refused the outgoing line {@code localId}. */
    public synchronized void markFailed(long localId) {
        byLocalId(localId).ifPresent(line -> update("UPDATE messages SET tick = ? WHERE local_id = ?",
                line.tick().advance(Tick.FAILED).code(), localId));
    }

    /** A delivery or read receipt for this user's message {@code id} in {@code chat}. */
    public synchronized void applyReceipt(ChatId chat, String id, Tick news) {
        List<ChatMessage> lines = query("SELECT " + COLUMNS + " FROM messages WHERE chat = ? AND outgoing = 1"
                + " AND msg_id = ?", chat.address(), id);
        if (lines.isEmpty()) {
            Tick known = earlyReceipt(chat, id).map(t -> t.advance(news)).orElse(news);
            update("INSERT OR REPLACE INTO early_receipts (chat, msg_id, tick) VALUES (?, ?, ?)", chat.address(), id,
                    known.code());
            return;
        }
        for (ChatMessage line : lines) {
            update("UPDATE messages SET tick = ? WHERE local_id = ?", line.tick().advance(news).code(),
                    line.localId());
        }
    }

    /** Records that these incoming lines were shown (their read receipts are on their way). */
    public synchronized void markSeen(Collection<Long> localIds) {
        for (long localId : localIds) {
            update("UPDATE messages SET seen = 1 WHERE local_id = ?", localId);
        }
    }

    /** Every conversation with its latest line and unread count, in no particular order. */
    public synchronized List<Conversation> conversations() {
        record Row(ChatId chat, String title, Instant started, int unread, Long lastId) {
        }
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement s = db.prepareStatement("SELECT c.chat, c.title, c.started,"
                + " (SELECT COUNT(*) FROM messages m WHERE m.chat = c.chat AND m.kind = 0 AND m.outgoing = 0"
                + " AND m.seen = 0), (SELECT MAX(local_id) FROM messages m WHERE m.chat = c.chat) FROM chats c");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                long lastId = rs.getLong(5);
                rows.add(new Row(new ChatId(rs.getString(1)), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)),
                        rs.getInt(4), rs.wasNull() ? null : lastId));
            }
        } catch (SQLException e) {
            throw failed("read the chat list", e);
        }
        return rows.stream().map(row -> {
            Optional<ChatMessage> last = row.lastId() == null ? Optional.empty() : byLocalId(row.lastId());
            Instant activity = last.map(ChatMessage::time).filter(t -> t.isAfter(row.started())).orElse(row.started());
            return new Conversation(row.chat(), row.title(), last, activity, row.unread());
        }).toList();
    }

    /** The title of {@code chat}, if the history knows the chat. */
    public synchronized Optional<String> title(ChatId chat) {
        try (PreparedStatement s = db.prepareStatement("SELECT title FROM chats WHERE chat = ?")) {
            s.setString(1, chat.address());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failed("read a chat's title", e);
        }
    }

    /** The latest {@code limit} lines of {@code chat}, oldest first. */
    public synchronized List<ChatMessage> messages(ChatId chat, int limit) {
        List<ChatMessage> newestFirst = query("SELECT " + COLUMNS + " FROM messages WHERE chat = ?"
                + " ORDER BY local_id DESC LIMIT ?", chat.address(), limit);
        List<ChatMessage> out = new ArrayList<>(newestFirst);
        Collections.reverse(out);
        return out;
    }

    /** Outgoing messages never acked, oldest first: what a previous run left unsent. */
    public synchronized List<ChatMessage> pending() {
        return query("SELECT " + COLUMNS + " FROM messages WHERE outgoing = 1 AND kind = 0 AND tick = ?"
                + " ORDER BY local_id", Tick.PENDING.code());
    }

    /** This user's messages in {@code chat} the server refused, oldest first: what {@code /retry} sends again. */
    public synchronized List<ChatMessage> failed(ChatId chat) {
        return query("SELECT " + COLUMNS + " FROM messages WHERE chat = ? AND outgoing = 1 AND kind = 0 AND tick = ?"
                + " ORDER BY local_id", chat.address(), Tick.FAILED.code());
    }

    /**
     * Puts a refused line back to {@link Tick#PENDING}, to be handed to the SDK again. The one move backwards
     * {@link Tick#advance} does not make: it is the user's decision, never a late answer from the server.
     */
    public synchronized ChatMessage requeue(long localId) {
        update("UPDATE messages SET tick = ? WHERE local_id = ? AND tick = ?", Tick.PENDING.code(), localId,
                Tick.FAILED.code());
        return byLocalId(localId).orElseThrow(() -> new IllegalArgumentException("no line " + localId));
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw failed("close the history", e);
        }
    }

    private Optional<ChatMessage> addOnce(ChatId chat, ChatMessage.Kind kind, UserId from, String id, String text,
            Instant time) {
        ensureChat(chat, chat.defaultTitle(), time);
        if (!query("SELECT " + COLUMNS + " FROM messages WHERE chat = ? AND sender = ? AND msg_id = ?",
                chat.address(), from.address(), id).isEmpty()) {
            return Optional.empty();
        }
        long localId = insert(chat, kind, false, from, id, text, time, Tick.PENDING, kind != ChatMessage.Kind.TEXT);
        return byLocalId(localId);
    }

    private Optional<Tick> earlyReceipt(ChatId chat, String id) {
        try (PreparedStatement s = db.prepareStatement(
                "SELECT tick FROM early_receipts WHERE chat = ? AND msg_id = ?")) {
            s.setString(1, chat.address());
            s.setString(2, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(Tick.fromCode(rs.getInt(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failed("read a receipt", e);
        }
    }

    private Optional<ChatMessage> byLocalId(long localId) {
        return query("SELECT " + COLUMNS + " FROM messages WHERE local_id = ?", localId).stream().findFirst();
    }

    private long insert(ChatId chat, ChatMessage.Kind kind, boolean outgoing, UserId sender, String id, String text,
            Instant time, Tick tick, boolean seen) {
        try (PreparedStatement s = db.prepareStatement("INSERT INTO messages (chat, kind, outgoing, sender, msg_id,"
                + " text, time, tick, seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            bind(s, chat.address(), kind.code(), outgoing ? 1 : 0, sender.address(), id, text, time.toEpochMilli(),
                    tick.code(), seen ? 1 : 0);
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        } catch (SQLException e) {
            throw failed("write a message", e);
        }
    }

    private List<ChatMessage> query(String sql, Object... args) {
        try (PreparedStatement s = db.prepareStatement(sql)) {
            bind(s, args);
            List<ChatMessage> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new ChatMessage(rs.getLong(1), new ChatId(rs.getString(2)),
                            ChatMessage.Kind.fromCode(rs.getInt(3)), rs.getInt(4) == 1,
                            UserId.fromAddress(rs.getString(5)), Optional.ofNullable(rs.getString(6)),
                            rs.getString(7), Instant.ofEpochMilli(rs.getLong(8)), Tick.fromCode(rs.getInt(9)),
                            rs.getInt(10) == 1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failed("read messages", e);
        }
    }

    private void update(String sql, Object... args) {
        try (PreparedStatement s = db.prepareStatement(sql)) {
            bind(s, args);
            s.executeUpdate();
        } catch (SQLException e) {
            throw failed("write the history", e);
        }
    }

    private static void bind(PreparedStatement s, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            s.setObject(i + 1, args[i]);
        }
    }

    private static HistoryException failed(String what, SQLException e) {
        return new HistoryException("could not " + what + " in the chat history (" + e.getMessage()
                + "); check that DIR is writable and not used by another chat", e);
    }
}

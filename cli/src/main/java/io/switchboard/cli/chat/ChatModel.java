// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli.chat;

import io.switchboard.client.PresenceUpdate;
import io.switchboard.protocol.id.UserId;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the chat screen shows, without the terminal: the chat list and its selection, the open conversation and how
 * far it is scrolled, the line being typed, connection, presence and typing state, and a one-line notice. Every
 * change is a method here and none does I/O, so the screen's behaviour is tested without a terminal or a server.
 * Not thread-safe: confined to the chat's UI thread.
 */
public final class ChatModel {
    /** How long a "typing…" lasts without a fresh notification: the peer's client may have gone away mid-word. */
    static final Duration TYPING_LASTS = Duration.ofSeconds(6);

    /** Which view has the screen. */
    public enum View { LIST, CONVERSATION }

    /**
     * Server times have whole seconds, so two chats often tie; then the line written last (the history's order)
     * is the more recent one.
     */
    private static final Comparator<Conversation> MOST_RECENT_FIRST = Comparator
            .comparing(Conversation::lastActivity).reversed()
            .thenComparing(c -> c.last().map(ChatMessage::localId).orElse(0L), Comparator.reverseOrder())
            .thenComparing(Conversation::title)
            .thenComparing(c -> c.chat().address());

    private final UserId me;
    private final Map<UserId, PresenceUpdate> presence = new HashMap<>();
    private final Map<UserId, Instant> typingUntil = new HashMap<>();
    private final Map<ChatId, List<UserId>> members = new HashMap<>();
    private final Set<UserId> unregistered = new HashSet<>();
    private final StringBuilder input = new StringBuilder();
    private View view = View.LIST;
    private List<Conversation> conversations = List.of();
    private int selected;
    private ChatId open;
    private List<ChatMessage> lines = List.of();
    private int scroll;
    private int cursor;
    private boolean online;
    private String notice = "";
    private List<String> panel = List.of();

    public ChatModel(UserId me) {
        this.me = me;
    }

    public UserId me() {
        return me;
    }

    public View view() {
        return view;
    }

    /** The chat list, most recent activity first. */
    public List<Conversation> conversations() {
        return conversations;
    }

    public int selected() {
        return selected;
    }

    public Optional<ChatId> open() {
        return Optional.ofNullable(open);
    }

    /** The open conversation's lines, oldest first. */
    public List<ChatMessage> lines() {
        return lines;
    }

    /** How many screen rows the conversation is scrolled up from its end. */
    public int scroll() {
        return scroll;
    }

    public String input() {
        return input.toString();
    }

    public int cursor() {
        return cursor;
    }

    public boolean online() {
        return online;
    }

    public String notice() {
        return notice;
    }

    /** The list entry of {@code chat}, if the list has it. */
    public Optional<Conversation> conversation(ChatId chat) {
        return conversations.stream().filter(c -> c.chat().equals(chat)).findFirst();
    }

    /** Replaces the chat list, sorted most recent first; the selection stays on the same chat. */
    public void setConversations(List<Conversation> latest) {
        ChatId wasSelected = selectedChat().orElse(null);
        conversations = latest.stream().sorted(MOST_RECENT_FIRST).toList();
        selected = 0;
        for (int i = 0; i < conversations.size(); i++) {
            if (conversations.get(i).chat().equals(wasSelected)) {
                selected = i;
            }
        }
    }

    /** Replaces the open conversation's lines. */
    public void setLines(List<ChatMessage> latest) {
        lines = List.copyOf(latest);
    }

    /** Moves the list selection by {@code delta}, wrapping around at either end. */
    public void moveSelection(int delta) {
        if (!conversations.isEmpty()) {
            selected = Math.floorMod(selected + delta, conversations.size());
        }
    }

    public Optional<ChatId> selectedChat() {
        return selected < conversations.size() ? Optional.of(conversations.get(selected).chat()) : Optional.empty();
    }

    /** Opens {@code chat} at its latest line, selecting it in the list. */
    public void openChat(ChatId chat) {
        if (!chat.equals(open)) {
            lines = List.of();
            clearInput();
        }
        open = chat;
        view = View.CONVERSATION;
        panel = List.of();
        if (!chat.isGroup() && unregistered.contains(chat.user())) {
            notOnSwitchboard(chat.user());  // said again on every opening, not only when the server first told
        }
        scroll = 0;
        for (int i = 0; i < conversations.size(); i++) {
            if (conversations.get(i).chat().equals(chat)) {
                selected = i;
            }
        }
    }

    /** Back to the list; nothing is shown (or marked read) in the conversation any more. */
    public void backToList() {
        view = View.LIST;
        open = null;
        lines = List.of();
        scroll = 0;
        clearInput();
    }

    /** Scrolls the conversation by {@code rows} (positive: back in time); never below its end. */
    public void scrollBy(int rows) {
        scroll = Math.max(0, scroll + rows);
    }

    /** Keeps the scroll within what there is to see: the renderer knows how many rows that is. */
    public void clampScroll(int maxScroll) {
        scroll = Math.min(scroll, Math.max(0, maxScroll));
    }

    public void insert(String text) {
        input.insert(cursor, text);
        cursor += text.length();
    }

    public void backspace() {
        if (cursor > 0) {
            int before = input.offsetByCodePoints(cursor, -1);
            input.delete(before, cursor);
            cursor = before;
        }
    }

    public void deleteForward() {
        if (cursor < input.length()) {
            input.delete(cursor, input.offsetByCodePoints(cursor, 1));
        }
    }

    public void cursorLeft() {
        cursor = cursor > 0 ? input.offsetByCodePoints(cursor, -1) : 0;
    }

    public void cursorRight() {
        cursor = cursor < input.length() ? input.offsetByCodePoints(cursor, 1) : cursor;
    }

    public void cursorHome() {
        cursor = 0;
    }

    public void cursorEnd() {
        cursor = input.length();
    }

    /** The typed line, which is cleared. */
    public String takeInput() {
        String line = input.toString();
        clearInput();
        return line;
    }

    public void setOnline(boolean online) {
        this.online = online;
    }

    /** A one-line message at the bottom (an error, a hint); the empty string clears it. */
    public void setNotice(String notice) {
        this.notice = notice;
    }

    /**
     * Shows {@code text} (help, a group's details) over the list or conversation until {@link #closePanel}: a
     * screenful of reference, where a one-line notice would be cut.
     */
    public void showPanel(List<String> text) {
        panel = List.copyOf(text);
    }

    public void closePanel() {
        panel = List.of();
    }

    /** The panel's lines; empty when none is shown. */
    public List<String> panel() {
        return panel;
    }

    public void presence(PresenceUpdate update) {
        presence.put(update.user(), update);
        if (update.available()) {
            return;
        }
        typingUntil.remove(update.user()); // gone offline: cannot be typing any more
    }

    /**
     * The server has no keys for {@code user}: the header says so, and if its chat is open, so does the notice,
     * since a message there would be refused.
     */
    public void notOnSwitchboard(UserId user) {
        unregistered.add(user);
        if (open != null && !open.isGroup() && open.user().equals(user)) {
            notice = user.phone() + " is not on Switchboard: a message to it would be refused until it registers";
        }
    }

    public boolean isOnSwitchboard(UserId user) {
        return !unregistered.contains(user);
    }

    /** A group's members, as last listed by the server. */
    public void members(ChatId group, List<UserId> current) {
        members.put(group, List.copyOf(current));
    }

    public Optional<List<UserId>> membersOf(ChatId group) {
        return Optional.ofNullable(members.get(group));
    }

    public Optional<PresenceUpdate> presenceOf(UserId user) {
        return Optional.ofNullable(presence.get(user));
    }

    /** {@code from} started ({@code composing}) or stopped typing, at {@code now}. */
    public void typing(UserId from, boolean composing, Instant now) {
        if (composing) {
            typingUntil.put(from, now.plus(TYPING_LASTS));
        } else {
            typingUntil.remove(from);
        }
    }

    public boolean isTyping(UserId user, Instant now) {
        Instant until = typingUntil.get(user);
        return until != null && now.isBefore(until);
    }

    private void clearInput() {
        input.setLength(0);
        cursor = 0;
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
/**
 * {@code switchboard chat}, the full-screen terminal client, in three layers that do not reach into each other:
 *
 * <pre>
 * state     ChatModel (what the screen shows), ChatInput (what an entered line means), Tick (the checks' states)
 * render    Screen, ChatListView, ConversationView, StatusLine, HelpText, GroupSummary: a model in, a Frame
 *           (styled rows, cursor, visible lines) out
 * terminal  ChatTerminal (JLine: raw mode, alternate screen, diff drawing), KeyBindings, a key-reader thread
 * </pre>
 *
 * <p>{@link io.switchboard.cli.chat.ChatApp} is the one UI thread between them: it takes
 * {@link io.switchboard.cli.chat.ChatEvent}s (keys; news from the SDK) from one queue, changes the model, draws,
 * and only then marks read what the frame showed. {@link io.switchboard.cli.chat.ChatService} is the SDK's side:
 * what arrives is written to the {@link io.switchboard.cli.chat.HistoryStore} (SQLite, {@code DIR/history.db})
 * before the SDK acknowledges it, so the history holds everything the server has let go of;
 * {@link io.switchboard.cli.chat.GroupActions} and {@link io.switchboard.cli.chat.PeerLookup} are its group
 * commands and its "is this number on Switchboard?" check.
 */
package io.switchboard.cli.chat;

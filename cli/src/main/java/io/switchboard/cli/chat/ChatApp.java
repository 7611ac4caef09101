// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli.chat;

import io.switchboard.protocol.id.UserId;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The chat's UI thread: takes one {@link ChatEvent} at a time (keys, news from the SDK), changes the
 * {@link ChatModel}, reloads from the {@link HistoryStore} what changed, draws a frame, and only then sends read
 * receipts for the incoming messages that frame put on screen. Also the typing hints: "composing" while keys come,
 * "paused" after a few quiet seconds, on sending or on leaving the conversation.
 */
final class ChatApp {
    /** How often the screen is redrawn without news: the clock in "typing…" and the connection state move on. */
    private static final long IDLE_REDRAW_MILLIS = 500;
    private static final Duration TYPING_REFRESH = Duration.ofSeconds(4);
    private static final Duration TYPING_PAUSE = Duration.ofSeconds(3);
    private static final int HISTORY_SHOWN = 500;

    private final ChatModel model;
    private final ChatService service;
    private final HistoryStore store;
    private final ChatTerminal terminal;
    private final Screen screen;
    private final Clock clock;
    private final BlockingQueue<ChatEvent> events;
    private boolean quit;
    private boolean dirty = true;
    private boolean composing;
    private Instant composingSent = Instant.EPOCH;
    private Instant lastKey = Instant.EPOCH;

    ChatApp(ChatModel model, ChatService service, HistoryStore store, ChatTerminal terminal, Screen screen,
            Clock clock, BlockingQueue<ChatEvent> events) {
        this.model = model;
        this.service = service;
        this.store = store;
        this.terminal = terminal;
        this.screen = screen;
        this.clock = clock;
        this.events = events;
    }

    /** Runs until Ctrl-C, {@code /quit} or the end of the terminal's input. */
    void run() throws InterruptedException {
        terminal.start(events::add);
        draw();
        while (!quit) {
            ChatEvent event = events.poll(IDLE_REDRAW_MILLIS, TimeUnit.MILLISECONDS);
            while (event != null && !quit) {
                handle(event);
                event = events.poll();
            }
            if (!quit) {
                pauseTypingWhenIdle();
                draw();
            }
        }
        stopTyping();
    }

    // Java 17 has no pattern matching in switch (it is a preview there): one instanceof per kind instead.
    private void handle(ChatEvent event) {
        if (event instanceof ChatEvent.KeyPressed key) {
            onKey(key.key(), key.text());
        } else if (event instanceof ChatEvent.HistoryChanged) {
            dirty = true;
        } else if (event instanceof ChatEvent.Typing typing) {
            model.typing(typing.update().from(), typing.update().composing(), clock.instant());
        } else if (event instanceof ChatEvent.Presence presence) {
            model.presence(presence.update());
        } else if (event instanceof ChatEvent.Members members) {
            model.members(members.group(), members.members());
        } else if (event instanceof ChatEvent.GroupChanged changed) {
            if (model.open().filter(changed.group()::equals).isPresent()) {
                service.watch(changed.group());
            }
        } else if (event instanceof ChatEvent.Open open) {
            open(open.chat());
        } else if (event instanceof ChatEvent.NotOnSwitchboard unknown) {
            model.notOnSwitchboard(unknown.user());
        } else if (event instanceof ChatEvent.Panel panel) {
            model.showPanel(panel.lines());
        } else if (event instanceof ChatEvent.Notice notice) {
            model.setNotice(notice.text());
        } else if (event instanceof ChatEvent.Resized) {
            terminal.redrawAll();
        } else if (event instanceof ChatEvent.Quit) {
            quit = true;
        }
    }

    /**
     * Draws; when the frame shows unread messages, marks them read and draws again (their counts changed). Read
     * receipts go only for what a frame of an open conversation actually showed.
     */
    private void draw() {
        model.setOnline(service.online());
        for (int attempt = 0; attempt < 3; attempt++) {
            if (dirty) {
                reload();
            }
            Frame frame = screen.render(model, terminal.columns(), terminal.rows(), clock.instant());
            model.clampScroll(frame.maxScroll());
            terminal.draw(frame);
            if (frame.unreadShown().isEmpty()) {
                return;
            }
            service.markShown(frame.unreadShown());
            dirty = true;
        }
    }

    private void reload() {
        dirty = false;
        model.setConversations(store.conversations());
        model.open().ifPresent(chat -> model.setLines(store.messages(chat, HISTORY_SHOWN)));
    }

    private void onKey(KeyBindings.Key key, String text) {
        model.setNotice("");
        if (!model.panel().isEmpty() && (key == KeyBindings.Key.ESCAPE || key == KeyBindings.Key.ENTER && model
                .input().isBlank())) {
            model.closePanel();  // Esc (or an empty Enter) only closes the panel: it does not also leave the chat
            return;
        }
        boolean list = model.view() == ChatModel.View.LIST;
        int page = Math.max(1, terminal.rows() - 6);
        switch (key) {
            case QUIT -> quit = true;
            case ESCAPE -> leave();
            case ENTER -> enter();
            case UP -> move(list, -1, 1);
            case DOWN -> move(list, 1, -1);
            case TAB -> move(list, 1, 0);
            case BACK_TAB -> move(list, -1, 0);
            case PAGE_UP -> model.scrollBy(page);
            case PAGE_DOWN -> model.scrollBy(-page);
            case LEFT -> model.cursorLeft();
            case RIGHT -> model.cursorRight();
            case HOME -> model.cursorHome();
            case END -> model.cursorEnd();
            case BACKSPACE -> model.backspace();
            case DELETE -> model.deleteForward();
            case INSERT -> {
                model.insert(text);
                typed();
            }
        }
    }

    /** Up and down move the list's selection, or scroll the conversation. */
    private void move(boolean list, int selection, int scroll) {
        if (list) {
            model.moveSelection(selection);
        } else {
            model.scrollBy(scroll);
        }
    }

    private void leave() {
        if (model.view() == ChatModel.View.CONVERSATION) {
            stopTyping();
            model.backToList();
            dirty = true;
        } else {
            model.takeInput();
        }
    }

    private void enter() {
        model.closePanel();  // whatever was entered answers with its own panel, notice or lines
        boolean inGroup = model.open().map(ChatId::isGroup).orElse(false);
        ChatInput.Action action = ChatInput.parse(model.takeInput(), model.view(), inGroup);
        if (action instanceof ChatInput.Quit) {
            quit = true;
        } else if (action instanceof ChatInput.Help) {
            model.showPanel(screen.help());
        } else if (action instanceof ChatInput.OpenSelected) {
            model.selectedChat().ifPresent(this::open);
        } else if (action instanceof ChatInput.OpenChat chat) {
            openPeer(chat.peer());
        } else if (action instanceof ChatInput.CreateGroup group) {
            model.setNotice("creating \"" + group.subject() + "\"...");
            service.groups().create(group.subject(), group.members());
        } else if (action instanceof ChatInput.Send send) {
            stopTyping();
            model.open().ifPresent(chat -> service.send(chat, send.text()));
            model.scrollBy(-model.scroll());
        } else if (action instanceof ChatInput.Retry) {
            model.open().ifPresent(service::retry);
        } else if (action instanceof ChatInput.GroupDetails) {
            model.open().ifPresent(service.groups()::details);
        } else if (action instanceof ChatInput.AddMembers add) {
            model.open().ifPresent(chat -> service.groups().add(chat, add.members()));
        } else if (action instanceof ChatInput.RemoveMembers remove) {
            model.open().ifPresent(chat -> service.groups().remove(chat, remove.members()));
        } else if (action instanceof ChatInput.LeaveGroup) {
            model.open().ifPresent(service.groups()::leave);
        } else if (action instanceof ChatInput.Invalid invalid) {
            model.setNotice(invalid.reason());
        }
    }

    private void openPeer(UserId peer) {
        if (peer.equals(model.me())) {
            model.setNotice("that is your own number; type someone else's");
            return;
        }
        open(ChatId.of(peer));
    }

    private void open(ChatId chat) {
        stopTyping();
        store.ensureChat(chat, chat.defaultTitle(), clock.instant());
        service.watch(chat);
        model.openChat(chat);
        dirty = true;
    }

    private void typed() {
        Instant now = clock.instant();
        lastKey = now;
        ChatId chat = model.open().orElse(null);
        if (chat == null || chat.isGroup() || model.input().startsWith("/")) {
            return;
        }
        if (!composing || Duration.between(composingSent, now).compareTo(TYPING_REFRESH) > 0) {
            service.typing(chat, true);
            composing = true;
            composingSent = now;
        }
    }

    private void pauseTypingWhenIdle() {
        if (composing && Duration.between(lastKey, clock.instant()).compareTo(TYPING_PAUSE) > 0) {
            stopTyping();
        }
    }

    private void stopTyping() {
        if (composing) {
            composing = false;
            model.open().ifPresent(chat -> service.typing(chat, false));
        }
    }
}

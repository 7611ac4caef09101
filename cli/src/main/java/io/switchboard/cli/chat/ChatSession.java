// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli.chat;

import io.switchboard.client.SwitchboardClient;
import io.switchboard.protocol.id.UserId;
import org.jline.reader.LineReaderBuilder;
import org.jline.terminal.Terminal;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One run of {@code switchboard chat}, in order: listeners on (before anything can arrive), register on a first
 * run or log in otherwise, hand the SDK what the last run left unsent, then the full screen until the user quits.
 */
public final class ChatSession {
    /** How long quitting waits for the acks of messages just sent. */
    private static final Duration SETTLE_ON_QUIT = Duration.ofSeconds(3);

    private final SwitchboardClient sdk;
    private final HistoryStore store;
    private final Terminal terminal;
    private final ChatGlyphs glyphs;
    private final Clock clock;

    public ChatSession(SwitchboardClient sdk, HistoryStore store, Terminal terminal, ChatGlyphs glyphs, Clock clock) {
        this.sdk = sdk;
        this.store = store;
        this.terminal = terminal;
        this.glyphs = glyphs;
        this.clock = clock;
    }

    /**
     * Runs the chat; {@code phone} is the number to register on a first run, or null to ask for it.
     *
     * @throws org.jline.reader.UserInterruptException on Ctrl-C during registration
     */
    public void run(String phone) throws InterruptedException {
        BlockingQueue<ChatEvent> events = new LinkedBlockingQueue<>();
        try (ChatService service = new ChatService(sdk, store, events::add, clock)) {
            service.listen();
            UserId me;
            if (sdk.account().isPresent()) {
                me = sdk.account().get().user();
                service.connect();
            } else {
                me = new Registration(sdk, LineReaderBuilder.builder().terminal(terminal).build()).run(phone);
            }
            service.resendPending();
            Screen screen = new Screen(glyphs, clock.getZone());
            try (ChatTerminal screenTerminal = new ChatTerminal(terminal)) {
                new ChatApp(new ChatModel(me), service, store, screenTerminal, screen, clock, events).run();
            }
            service.settle(SETTLE_ON_QUIT);
        }
    }

    /** The clock in the user's zone. */
    public static Clock systemClock() {
        return Clock.system(ZoneId.systemDefault());
    }
}

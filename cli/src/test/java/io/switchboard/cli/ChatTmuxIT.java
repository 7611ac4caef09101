// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli;

import io.switchboard.testkit.ChildJvm;
import io.switchboard.testkit.ServerExtension;
import io.switchboard.testkit.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code switchboard chat} in real terminals: two people, each in a 100×30 tmux window, register (one typing the
 * number, one with {@code --phone}), and chat against a real dev-mode server, while the test reads their screens
 * as they would. A message to someone who is away shows one check; it arrives when they start the chat again,
 * which turns it to two checks; when they open the conversation it turns blue. Typing shows in the peer's header;
 * a message written while the server is down shows a clock until it is back; a group works the same way; the history
 * is all there after a restart; {@code /quit} and Ctrl-C exit 0.
 */
@Timeout(150)
class ChatTmuxIT {
    private static final String ALICE = "+15551230001";
    private static final String BOB = "+15551230002";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TIME = "\\d\\d:\\d\\d";
    /** Two checks drawn bold blue: tmux writes the style as SGR codes (combined or not) just before them. */
    private static final Pattern BLUE_CHECKS = Pattern.compile("\\e\\[(?:[0-9;]*;)?34m(?:\\e\\[[0-9;]*m)*✓✓");

    @TempDir
    static Path shared;
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create();
    private static Tmux tmux;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(Tmux.TMUX), "tmux is not installed at " + Tmux.TMUX);
        tmux = new Tmux("switchboard-chat-it-" + ProcessHandle.current().pid(), 100, 30);
    }

    @AfterAll
    static void stop() throws Exception {
        if (tmux != null) {
            tmux.close();
        }
    }

    @Test
    void twoPeopleChatWithChecksThatTurnBlueTypingGroupsAndDeliveryAfterRestarts() throws Exception {
        chat("alice", "alice");
        chat("bob", "bob", "--phone", BOB);
        tmux.await("alice", false, "the phone number prompt", WAIT, s -> s.contains("Phone number"));
        tmux.type("alice", ALICE);
        tmux.send("alice", "Enter");
        tmux.await("alice", false, "the chat list", WAIT, s -> s.contains("Switchboard · " + ALICE));
        tmux.await("bob", false, "the chat list", WAIT, s -> s.contains("Switchboard · " + BOB));

        // Bob leaves; Alice writes to him: the server holds it, one check.
        quit("bob");
        tmux.type("alice", BOB);
        tmux.send("alice", "Enter");
        tmux.await("alice", false, "the conversation with bob", WAIT, s -> s.contains("← " + BOB));
        tmux.type("alice", "hello bob");
        tmux.send("alice", "Enter");
        tmux.await("alice", false, "one check", WAIT, hasLine("hello bob  " + TIME + " ✓"));

        // Bob comes back: the message is in his list, unread; Alice sees two checks, not blue.
        chat("bob-again", "bob");
        tmux.await("bob-again", false, "alice's message in the list", WAIT,
                s -> s.contains(ALICE) && s.contains("hello bob") && s.contains("(1)"));
        String delivered = tmux.await("alice", false, "two checks", WAIT, hasLine("hello bob  " + TIME + " ✓✓"));
        assertThat(styledLine(tmux.screenWithStyles("alice"), "hello bob")).doesNotContainPattern(BLUE_CHECKS);
        assertThat(delivered).contains("hello bob");

        // Bob opens the chat: it is read, and Alice's checks turn blue.
        tmux.send("bob-again", "Enter");
        tmux.await("bob-again", false, "the conversation", WAIT, hasLine(TIME + "  hello bob"));
        tmux.await("alice", true, "blue checks", WAIT, s -> BLUE_CHECKS.matcher(styledLine(s, "hello bob")).find());

        // Bob types: Alice's header says so; he sends, and since Alice has the chat open his checks turn blue.
        tmux.type("bob-again", "hi al");
        tmux.await("alice", false, "bob typing", WAIT, s -> s.lines().findFirst().orElse("").contains("typing…"));
        tmux.type("bob-again", "ice");
        tmux.send("bob-again", "Enter");
        tmux.await("alice", false, "bob's reply", WAIT, hasLine(TIME + "  hi alice"));
        tmux.await("bob-again", true, "blue checks on bob's reply", WAIT,
                s -> BLUE_CHECKS.matcher(styledLine(s, "hi alice")).find());

        // The server dies: Alice's next message waits with a clock, and goes out when the server is back.
        server.process().kill9();
        tmux.await("alice", false, "alice offline", WAIT, s -> {
            String header = s.lines().findFirst().orElse("");
            return header.contains("connecting…") && !header.contains("online");
        });
        tmux.type("alice", "still there?");
        tmux.send("alice", "Enter");
        tmux.await("alice", false, "a clock", WAIT, hasLine("still there\\?  " + TIME + " ◷"));
        server.process().restartOnSamePort();
        tmux.await("alice", false, "the message sent after the reconnect", WAIT,
                hasLine("still there\\?  " + TIME + " ✓✓?"));
        tmux.await("bob-again", false, "the message on bob's screen", WAIT, hasLine(TIME + "  still there\\?"));

        // Esc goes back to the list, where the latest line leads; /quit leaves cleanly.
        tmux.send("alice", "Escape");
        tmux.await("alice", false, "the list again", WAIT, s -> s.contains("> " + BOB) && s.contains("still there?"));

        // A group: Alice creates it from the list and writes; Bob sees it on top of his list, with the sender's
        // name once opened; Alice's checks turn blue when every member (here: Bob) has read it.
        tmux.type("alice", "/group Climbing " + BOB);
        tmux.send("alice", "Enter");
        tmux.await("alice", false, "the new group", WAIT,
                s -> s.contains("← Climbing") && s.contains("you created \"Climbing\" with " + BOB)
                        && s.lines().findFirst().orElse("").endsWith("you, " + BOB));
        tmux.type("alice", "ten at the wall?");
        tmux.send("alice", "Enter");
        tmux.await("alice", false, "two checks from the group", WAIT, hasLine("ten at the wall\\?  " + TIME + " ✓✓"));
        tmux.send("bob-again", "Escape");
        tmux.await("bob-again", false, "the group in bob's list", WAIT,
                hasLine("Climbing +" + Pattern.quote(ALICE) + ": ten at the wall\\? +" + TIME + " \\(1\\)"));
        tmux.send("bob-again", "Up");
        tmux.send("bob-again", "Enter");
        tmux.await("bob-again", false, "the group message with its sender", WAIT,
                hasLine(TIME + "  " + Pattern.quote(ALICE) + ": ten at the wall\\?"));
        tmux.await("alice", true, "blue checks from the group", WAIT,
                s -> BLUE_CHECKS.matcher(styledLine(s, "ten at the wall?")).find());
        quit("alice");
        quit("bob-again");

        // The history is Alice's own: it is all there after a restart, checks included.
        chat("alice-again", "alice");
        tmux.await("alice-again", false, "the list from the history", WAIT,
                s -> s.contains("> Climbing") && s.contains("still there?"));
        tmux.send("alice-again", "Down");
        tmux.send("alice-again", "Enter");
        tmux.await("alice-again", true, "the conversation from the history", WAIT,
                s -> BLUE_CHECKS.matcher(styledLine(s, "hello bob")).find() && s.contains("hi alice"));
        tmux.send("alice-again", "C-c");
        tmux.await("alice-again", false, "a clean exit on Ctrl-C", WAIT, s -> s.contains("[exited 0]"));
    }

    /** Starts {@code switchboard chat} in a new window {@code name} on the client directory {@code dir}. */
    private static void chat(String name, String dir, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("chat", "--dir", shared.resolve(dir).toString(),
                "--server", "127.0.0.1:" + server.port()));
        args.addAll(List.of(options));
        List<String> command = ChildJvm.commandLine("cli-chat", List.of("-Xmx256m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1"), "io.switchboard.cli.SwitchboardCommand", args);
        tmux.start(name, Tmux.script(shared.resolve(name + ".sh"), command));
    }

    private static void quit(String name) throws Exception {
        tmux.type(name, "/quit");
        tmux.send(name, "Enter");
        tmux.await(name, false, "a clean exit", WAIT, s -> s.contains("[exited 0]"));
    }

    /** Whether some line of the screen, without its surrounding spaces, matches {@code regex} exactly. */
    private static java.util.function.Predicate<String> hasLine(String regex) {
        Pattern pattern = Pattern.compile(regex);
        return screen -> screen.lines().anyMatch(line -> pattern.matcher(line.strip()).matches());
    }

    private static String styledLine(String screen, String text) {
        return screen.lines().filter(line -> line.contains(text)).findFirst().orElse("");
    }
}

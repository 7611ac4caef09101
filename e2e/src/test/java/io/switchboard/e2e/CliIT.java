// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.e2e;

import io.switchboard.testkit.ChildJvm;
import io.switchboard.testkit.ServerExtension;
import io.switchboard.testkit.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The scriptable verbs as a script uses them: separate processes, one JSON line per event, exit codes. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CliIT {

    @TempDir
    static Path dir;
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create().config(Users.TEST_CONFIG);

    private record Run(int exit, List<String> out, String err) {
    }

    private static Run switchboard(String... args) throws Exception {
        Process p = ChildJvm.start("cli-" + args[0], List.of("-XX:TieredStopAtLevel=1"),
                "io.switchboard.cli.SwitchboardCommand", List.of(args), builder -> builder);
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out.lines().toList(), err);
    }

    @Test
    void registerSendInboxAndSafetyNumberSpeakJsonLines() throws Exception {
        String server = "127.0.0.1:" + CliIT.server.port();
        String alice = dir.resolve("alice").toString();
        String bob = dir.resolve("bob").toString();
        assertThat(switchboard("register", "--server", server, "--phone", "+15557770001", "--dir", alice).out())
                .containsExactly("{\"type\":\"registered\",\"user\":\"+15557770001\",\"dir\":\"" + alice + "\"}");
        assertThat(switchboard("register", "--server", server, "--phone", "+15557770002", "--dir", bob).exit())
                .isZero();

        Run sent = switchboard("send", "--dir", alice, "--to", "+15557770002", "hello", "bob");
        assertThat(sent.exit()).isZero();
        assertThat(sent.out()).singleElement().asString()
                .startsWith("{\"type\":\"sent\",\"to\":\"+15557770002\",\"id\":\"");

        Run inbox = switchboard("inbox", "--dir", bob, "--wait", "2", "--read");
        assertThat(inbox.out()).singleElement().asString()
                .startsWith("{\"type\":\"message\",\"from\":\"+15557770001\",\"id\":\"")
                .contains("\"text\":\"hello bob\"");

        Run receipts = switchboard("inbox", "--dir", alice, "--wait", "2");
        assertThat(receipts.out()).anyMatch(l -> l.startsWith("{\"type\":\"receipt\",\"kind\":\"delivery\""))
                .anyMatch(l -> l.startsWith("{\"type\":\"receipt\",\"kind\":\"read\""));

        Run aliceSees = switchboard("safety-number", "--dir", alice, "--with", "+15557770002");
        Run bobSees = switchboard("safety-number", "--dir", bob, "--with", "+15557770001");
        assertThat(aliceSees.out()).singleElement().asString()
                .matches("\\{\"type\":\"safety-number\",\"with\":\"\\+15557770002\","
                        + "\"number\":\"\\d{5}( \\d{5}){11}\"}");
        assertThat(aliceSees.out().get(0).replaceAll(".*\"number\"", ""))
                .isEqualTo(bobSees.out().get(0).replaceAll(".*\"number\"", ""));
        Run stranger = switchboard("safety-number", "--dir", alice, "--with", "+15557770009");
        assertThat(stranger.exit()).isEqualTo(1);
    }

    @Test
    void presencePrintsLastSeenAndInboxWatchesIt() throws Exception {
        String server = "127.0.0.1:" + CliIT.server.port();
        String carol = dir.resolve("carol").toString();
        String dave = dir.resolve("dave").toString();
        assertThat(switchboard("register", "--server", server, "--phone", "+15557770003", "--dir", carol).exit())
                .isZero();
        assertThat(switchboard("register", "--server", server, "--phone", "+15557770004", "--dir", dave).exit())
                .isZero();

        Run presence = switchboard("presence", "--dir", carol, "--of", "+15557770004");
        assertThat(presence.exit()).isZero();
        assertThat(presence.out()).singleElement().asString()
                .startsWith("{\"type\":\"presence\",\"from\":\"+15557770004\",\"state\":\"unavailable\","
                        + "\"last_seen\":");

        Run inbox = switchboard("inbox", "--dir", carol, "--wait", "2", "--watch", "+15557770004");
        // The same last seen: it changed only when dave's session closed, at registration.
        assertThat(inbox.out()).contains(presence.out().get(0));
    }

    @Test
    void errorsAreOneClearLineAndANonZeroExit() throws Exception {
        Run badPhone = switchboard("register", "--server", "127.0.0.1:" + server.port(), "--phone", "5551234",
                "--dir", dir.resolve("x").toString());
        assertThat(badPhone.exit()).isNotZero();
        assertThat(badPhone.err().strip()).startsWith("switchboard: ").contains("must start with '+'");

        Run noAccount = switchboard("send", "--dir", dir.resolve("nobody").toString(), "--server",
                "127.0.0.1:" + server.port(), "--to", "+15557770002", "hi");
        assertThat(noAccount.exit()).isNotZero();
        assertThat(noAccount.err()).contains("register first");
    }

    @Test
    @Timeout(60)
    void serverSaysWhereEachListenerListens() throws Exception {
        try (ServerProcess started = ServerProcess.start(dir.resolve("listeners"), "--admin-host", "127.0.0.1")) {
            assertThat(started.output()).contains("switchboard: listening on 127.0.0.1:" + started.port())
                    .contains("switchboard: admin on 127.0.0.1:" + started.adminPort());
        }
    }

    @Test
    void aBusyPortIsOneLineNamingTheListenerAndFast() throws Exception {
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            String port = Integer.toString(busy.getLocalPort());
            long start = System.nanoTime();
            Run client = switchboard("server", "--data", dir.resolve("busy").toString(), "--port", port,
                    "--admin-port", "0");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
            assertThat(client.exit()).isEqualTo(1);
            assertThat(client.err().strip()).isEqualTo("switchboard: the client port 127.0.0.1:" + port
                    + " is in use (another server running?); stop it or pass --port N");

            Run admin = switchboard("server", "--data", dir.resolve("busy").toString(), "--port", "0",
                    "--admin-port", port);
            assertThat(admin.exit()).isEqualTo(1);
            assertThat(admin.err().strip()).isEqualTo("switchboard: the admin port 127.0.0.1:" + port
                    + " is in use (another server running?); stop it or pass --admin-port N");
        }
    }

    @Test
    void aPortOutOfRangeIsAUsageError() throws Exception {
        Run run = switchboard("server", "--data", dir.resolve("range").toString(), "--port", "80000");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("switchboard: invalid value for option '--port': 80000 is not a port"
                + " number: use 0 to 65535 (0 picks a free one); see 'switchboard server --help'");
        assertThat(switchboard("server", "--admin-port", "-1").err()).contains("-1 is not a port number");
    }

    @Test
    void aFailedRegistrationLeavesNothingBehindAndARerunAfterACutOffOneCompletes() throws Exception {
        Path erin = dir.resolve("erin");
        Path staging = dir.resolve(".erin.registering");
        Run bad = switchboard("register", "--server", "127.0.0.1:1", "--phone", "+15557770005", "--dir",
                erin.toString());
        assertThat(bad.exit()).isNotZero();
        assertThat(erin).doesNotExist();
        assertThat(staging).doesNotExist();

        // What a run cut off by Ctrl-C leaves: its staged files, never DIR itself.
        Files.createDirectories(staging);
        Files.writeString(staging.resolve("servers"), "127.0.0.1:1\n");
        String server = "127.0.0.1:" + CliIT.server.port();
        Run good = switchboard("register", "--server", server, "--phone", "+15557770005", "--dir", erin.toString());
        assertThat(good.exit()).isZero();
        assertThat(Files.readString(erin.resolve("servers")).strip()).isEqualTo(server);
        assertThat(erin.resolve("account.properties")).exists();
        assertThat(staging).doesNotExist();
    }
}

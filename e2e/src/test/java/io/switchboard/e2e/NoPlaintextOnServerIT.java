// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.e2e;

import io.switchboard.e2e.Users.User;
import io.switchboard.protocol.id.GroupId;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server never sees content (PROTOCOL.md §14): 1:1 and group messages with unique plaintexts go through a real
 * server, some delivered and some still queued for an offline recipient when it stops; then every file under its data
 * directory, every file in its own temporary directory, and everything it printed are searched for each plaintext
 * as UTF-8, UTF-16LE, UTF-16BE, Base64 (standard and URL-safe, at each of the three alignments) and hex.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class NoPlaintextOnServerIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void noPlaintextReachesAnyFileOrLogOfTheServer() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("server-tmp"));
        ServerProcess server = ServerProcess.start(List.of("-Xmx512m", "-XX:+UseSerialGC",
                "-Djava.io.tmpdir=" + tmp), dir.resolve("server"), Users.testServerArgs(dir));
        List<String> plaintexts = new ArrayList<>();
        String output;
        String control;
        try (Users users = new Users(server, dir.resolve("clients"), 400)) {
            User alice = users.register();
            User bob = users.register();
            User carol = users.register();
            control = carol.id.digits();
            for (int i = 0; i < 3; i++) {
                String text = secret("delivered " + i);
                plaintexts.add(text);
                alice.client.send(bob.id, text).get(30, TimeUnit.SECONDS);
            }
            String answer = secret("answer");
            plaintexts.add(answer);
            bob.client.send(alice.id, answer).get(30, TimeUnit.SECONDS);
            Await.until("bob and alice read everything", WAIT, () -> bob.messages.size() == 3
                    && alice.messages.size() == 1);
            GroupId group = alice.client.createGroup("secrets", List.of(bob.id, carol.id)).get(30, TimeUnit.SECONDS)
                    .id();
            String toGroup = secret("to the group");
            plaintexts.add(toGroup);
            alice.client.sendToGroup(group, toGroup).get(30, TimeUnit.SECONDS);
            Await.until("bob and carol read the group message", WAIT, () -> bob.messages.size() == 4
                    && carol.messages.size() == 1);
            carol.client.close();
            String queuedInGroup = secret("queued in the group");
            plaintexts.add(queuedInGroup);
            bob.client.sendToGroup(group, queuedInGroup).get(30, TimeUnit.SECONDS);
            for (int i = 0; i < 3; i++) {
                String text = secret("queued " + i);
                plaintexts.add(text);
                alice.client.send(carol.id, text).get(30, TimeUnit.SECONDS);
            }
        } finally {
            server.close();
            output = server.output();
        }

        Map<String, byte[]> forms = new LinkedHashMap<>();
        plaintexts.forEach(text -> forms.putAll(encodings(text)));
        List<Path> files = new ArrayList<>();
        for (Path root : List.of(server.dataDir(), tmp)) {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(Files::isRegularFile).forEach(files::add);
            }
        }
        assertThat(files).as("the server wrote its database").anyMatch(f -> f.toString().endsWith(".db"));
        List<String> found = new ArrayList<>();
        for (Path file : files) {
            byte[] bytes = read(file);
            forms.forEach((form, needle) -> {
                if (indexOf(bytes, needle) >= 0) {
                    found.add(form + " in " + file);
                }
            });
        }
        byte[] printed = output.getBytes(StandardCharsets.UTF_8);
        forms.forEach((form, needle) -> {
            if (indexOf(printed, needle) >= 0) {
                found.add(form + " in the server's output");
            }
        });
        assertThat(found).as("plaintext found on the server").isEmpty();
        // The search itself sees what the server stores: carol's number, the recipient of the queued messages.
        byte[] number = control.getBytes(StandardCharsets.UTF_8);
        assertThat(files).as("the search finds what the server does store")
                .anyMatch(f -> indexOf(read(f), number) >= 0);
    }

    private static String secret(String what) {
        return "NoPlaintext " + what + " " + UUID.randomUUID();
    }

    /** Every form of {@code text} to search for, by a name that says which. */
    static Map<String, byte[]> encodings(String text) {
        Map<String, byte[]> forms = new LinkedHashMap<>();
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        forms.put("UTF-8 '" + text + "'", utf8);
        forms.put("UTF-16LE '" + text + "'", text.getBytes(StandardCharsets.UTF_16LE));
        forms.put("UTF-16BE '" + text + "'", text.getBytes(StandardCharsets.UTF_16BE));
        String hex = HexFormat.of().formatHex(utf8);
        forms.put("hex '" + text + "'", hex.getBytes(StandardCharsets.US_ASCII));
        forms.put("HEX '" + text + "'", hex.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        for (int offset = 0; offset < 3; offset++) {
            byte[] shifted = new byte[offset + utf8.length];
            System.arraycopy(utf8, 0, shifted, offset, utf8.length);
            String base64 = Base64.getEncoder().encodeToString(shifted);
            // Drop the characters that depend on the bytes before the text or on the padding after it.
            String core = base64.substring(offset == 0 ? 0 : 4, base64.length() - 4);
            forms.put("Base64@" + offset + " '" + text + "'", core.getBytes(StandardCharsets.US_ASCII));
            forms.put("Base64url@" + offset + " '" + text + "'", core.replace('+', '-').replace('/', '_')
                    .getBytes(StandardCharsets.US_ASCII));
        }
        return forms;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

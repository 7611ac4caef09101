// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.e2e;

import io.switchboard.client.MessageAck;
import io.switchboard.client.StanzaErrorException;
import io.switchboard.e2e.Users.User;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.ServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One check is a promise also when the disk fills up: the server's data directory is on a small tmpfs that a
 * filler file fills while a sender keeps sending. Writes are refused with 503 "server storage is full" (the SDK
 * retries them with the same id), {@code /health} says the store cannot write, the server recovers by itself when
 * space returns, and after the disk fills again and the server is killed with {@code kill -9} while full, every
 * acknowledged message is delivered exactly once and no refused one ever is. The audit that found this lost 1 to 5
 * of 600 acknowledged messages: a round SQLite had rolled back went on outside a transaction.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class FullDiskIT {
    private static final String DISK_SIZE = "24m";
    private static final long ROOM_LEFT = 1024 * 1024;
    private static final int TEXT_BYTES = 8 * 1024;
    private static final int MAX_SENDS_PER_PHASE = 2_000;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    private Path disk;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        disk = Files.createDirectories(dir.resolve("disk"));
        run("mount", "-t", "tmpfs", "-o", "size=" + DISK_SIZE + ",mode=0700", "tmpfs", disk.toString());
    }

    @AfterEach
    void unmount() throws Exception {
        run("umount", "-l", disk.toString());
    }

    @Test
    void acknowledgedMessagesAreDeliveredExactlyOnceAndRefusedOnesNeverWhenTheDiskFillsUp() throws Exception {
        Path filler = disk.resolve("filler");
        Map<String, CompletableFuture<MessageAck>> sends = new LinkedHashMap<>();
        User bob;
        try (ServerProcess server = ServerProcess.start(disk.resolve("server"), Users.testServerArgs(dir))) {
            Users users = new Users(server, dir.resolve("clients"), 940);
            // Two retries after a 5xx instead of fifteen, so refusals show within seconds.
            User alice = users.register(s -> s.withServerErrorRetries(2));
            bob = users.register();
            bob.client.close(); // offline: every message waits in bob's mailbox on the small disk
            // A conversation under way, so that what the full disk refuses is the messages, not the key fetch.
            sends.put("hello", alice.client.send(bob.id, "hello"));
            sends.get("hello").get(30, TimeUnit.SECONDS);

            fill(filler);
            sendUntilRefused(alice, bob, sends, "before");
            assertThat(health(server)).startsWith("503").contains("store-unwritable");

            Files.delete(filler);
            Await.until("/health is 200 again once space returns", Duration.ofSeconds(30),
                    () -> health(server).startsWith("200"));
            sends.put("after space returned", alice.client.send(bob.id, "after space returned"));
            sends.get("after space returned").get(30, TimeUnit.SECONDS);

            fill(filler);
            sendUntilRefused(alice, bob, sends, "while full");
            server.kill9();
            users.close();
            Files.delete(filler);

            server.restart();
            // A directory of their own: a new user in "clients" would open alice's old directory (u0), sessions and all.
            try (Users after = new Users(server, dir.resolve("clients-after"), 941)) {
                User bobAgain = after.reopen(bob);
                bobAgain.login();
                User probe = after.register();
                probe.client.send(bobAgain.id, "last").get(30, TimeUnit.SECONDS);
                try {
                    Await.until("the probe arrives after the backlog", Duration.ofSeconds(60),
                            () -> bobAgain.texts().contains("last"));
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "; bob has " + bobAgain.messages.size() + " of "
                            + sends.values().stream().filter(FullDiskIT::acked).count() + " acknowledged; server:\n"
                            + server.output(), e);
                }
                List<String> received = new ArrayList<>(bobAgain.texts());
                received.remove("last");
                assertDeliveredExactlyTheAcknowledged(sends, received, server);
            }
        }
    }

    /** Sends 8 KiB texts ten at a time until three of them are refused with 503 (after the SDK's retries). */
    private static void sendUntilRefused(User from, User to, Map<String, CompletableFuture<MessageAck>> sends,
                                         String phase) throws Exception {
        for (int i = 0; i < MAX_SENDS_PER_PHASE; i += 10) {
            List<CompletableFuture<MessageAck>> batch = new ArrayList<>();
            for (int j = i; j < i + 10; j++) {
                String text = phase + " " + j + " " + "x".repeat(TEXT_BYTES);
                CompletableFuture<MessageAck> ack = from.client.send(to.id, text);
                sends.put(text, ack);
                batch.add(ack);
            }
            CompletableFuture.allOf(batch.toArray(new CompletableFuture[0])).handle((v, e) -> null)
                    .get(60, TimeUnit.SECONDS);
            if (sends.values().stream().filter(FullDiskIT::refusedAsFull).count() >= 3) {
                return;
            }
        }
        throw new AssertionError("no send was refused in " + MAX_SENDS_PER_PHASE + " sends " + phase
                + "; the disk never filled");
    }

    private static void assertDeliveredExactlyTheAcknowledged(Map<String, CompletableFuture<MessageAck>> sends,
                                                              List<String> received, ServerProcess server) {
        List<String> acked = sends.entrySet().stream().filter(e -> acked(e.getValue())).map(Map.Entry::getKey)
                .toList();
        List<String> refused = sends.entrySet().stream().filter(e -> refusedAsFull(e.getValue()))
                .map(Map.Entry::getKey).toList();
        Map<String, Long> copies = received.stream()
                .collect(Collectors.groupingBy(t -> t, Collectors.counting()));
        System.err.printf("FullDiskIT: %d sent, %d acknowledged, %d refused with 503, %d delivered%n",
                sends.size(), acked.size(), refused.size(), received.size());
        assertThat(refused).as("refused sends").isNotEmpty();
        assertThat(acked).as("acknowledged, never delivered").allSatisfy(text ->
                assertThat(copies).as(server.output()).containsKey(text));
        assertThat(copies.entrySet()).as("delivered more than once")
                .allSatisfy(e -> assertThat(e.getValue()).as(shorten(e.getKey())).isEqualTo(1L));
        assertThat(Collections.disjoint(refused, copies.keySet())).as("a refused message was delivered").isTrue();
        // Sends that were neither acknowledged nor refused (in flight at kill -9) may have been stored or not.
        assertThat(copies.keySet()).as("delivered a message nobody sent").isSubsetOf(sends.keySet());
    }

    private static boolean acked(CompletableFuture<MessageAck> ack) {
        return ack.isDone() && !ack.isCompletedExceptionally();
    }

    private static boolean refusedAsFull(CompletableFuture<MessageAck> ack) {
        if (!ack.isCompletedExceptionally()) {
            return false;
        }
        try {
            ack.join();
            return false;
        } catch (Exception e) {
            Throwable cause = e.getCause();
            return cause instanceof StanzaErrorException refusal && refusal.code() == 503
                    && refusal.getMessage().contains("storage is full");
        }
    }

    /** Fills the disk but for {@value #ROOM_LEFT} bytes. */
    private void fill(Path filler) throws IOException {
        long size = Files.getFileStore(disk).getUsableSpace() - ROOM_LEFT;
        ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
        try (FileChannel out = FileChannel.open(filler, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long written = 0; written < size; ) {
                chunk.clear().limit((int) Math.min(chunk.capacity(), size - written));
                written += out.write(chunk);
            }
        }
    }

    /** The status code and body of {@code GET /health}, e.g. {@code 503 {"status":"store-unwritable"}}. */
    private static String health(ServerProcess server) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + server.adminPort() + "/health")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() + " " + response.body();
        } catch (IOException | InterruptedException e) {
            return "unreachable " + e;
        }
    }

    private static String shorten(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (FullDiskIT mounts a tmpfs and needs root, as"
                    + " CI has): " + output);
        }
    }
}

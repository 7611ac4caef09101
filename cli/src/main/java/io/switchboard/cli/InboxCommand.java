// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli;

import io.switchboard.client.SwitchboardClient;
import io.switchboard.protocol.id.UserId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code switchboard inbox}: logs in, prints each message (1:1 or group), receipt, group change, typing notification
 * and (with {@code --watch}) presence change as one JSON line, acknowledges messages, receipts and group changes
 * (the senders get delivery receipts; with {@code --read}, read receipts too) and exits once nothing new has arrived
 * for {@code --wait} seconds.
 */
@Command(name = "inbox", mixinStandardHelpOptions = true,
        description = "Receive messages, receipts, group changes, typing and presence as JSON lines; exit after"
                + " --wait seconds of quiet.")
final class InboxCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @Option(names = "--wait", defaultValue = "3", description = "Seconds without new traffic before exiting"
            + " (default 3).")
    int waitSeconds;

    @Option(names = "--read", description = "Also mark every received message read (blue checks).")
    boolean read;

    @Option(names = "--watch", paramLabel = "+NUMBER", split = ",",
            description = "Also print the presence of these users (E.164), as it changes.")
    List<String> watch;

    private final PrintStream out;

    InboxCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        AtomicLong lastTraffic = new AtomicLong(System.nanoTime());
        try (SwitchboardClient sdk = SwitchboardClient.open(client.settings())) {
            sdk.onMessage(m -> {
                lastTraffic.set(System.nanoTime());
                if (m.group().isPresent()) {
                    print(GroupJson.message(m.group().get(), m));
                    if (read) {
                        sdk.markGroupRead(m.group().get(), m.from(), m.id());
                    }
                    return;
                }
                print(Json.object().put("type", "message").put("from", m.from().phone()).put("id", m.id().value())
                        .put("text", m.text()).put("ts", m.time().getEpochSecond()));
                if (read) {
                    sdk.markRead(m.from(), m.id());
                }
            });
            sdk.onReceipt(r -> {
                lastTraffic.set(System.nanoTime());
                if (r.group().isPresent()) {
                    print(GroupJson.receipt(r.group().get(), r));
                    return;
                }
                print(Json.object().put("type", "receipt").put("kind", r.type().wire()).put("from", r.from().phone())
                        .put("id", r.id().value()).put("ts", r.time().getEpochSecond()));
            });
            sdk.onGroupNotification(n -> {
                lastTraffic.set(System.nanoTime());
                print(GroupJson.notification(n));
            });
            sdk.onPresence(p -> {
                lastTraffic.set(System.nanoTime());
                print(PresenceJson.of(p));
            });
            sdk.onTyping(t -> {
                lastTraffic.set(System.nanoTime());
                print(PresenceJson.of(t));
            });
            sdk.login().get(30, TimeUnit.SECONDS);
            for (String phone : watch == null ? List.<String>of() : watch) {
                sdk.subscribePresence(UserId.fromPhone(phone)).get(30, TimeUnit.SECONDS);
            }
            lastTraffic.set(System.nanoTime());
            long quiet = TimeUnit.SECONDS.toNanos(waitSeconds);
            while (System.nanoTime() - lastTraffic.get() < quiet) {
                Thread.sleep(50); // polling the quiet period; the work happens on the client's event loop
            }
        }
        return 0;
    }

    private synchronized void print(Json line) {
        out.println(line);
        out.flush();
    }
}

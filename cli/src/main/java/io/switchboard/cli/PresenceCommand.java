// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli;

import io.switchboard.client.PresenceUpdate;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.protocol.id.UserId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code switchboard presence --of +NUMBER}: logs in, subscribes to one user's presence, prints the first update as
 * one JSON line ({@code available}, or {@code unavailable} with {@code last_seen} when visible) and exits.
 */
@Command(name = "presence", mixinStandardHelpOptions = true,
        description = "Print a user's presence (available, or last seen) as one JSON line.")
final class PresenceCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @Option(names = "--of", required = true, paramLabel = "+NUMBER", description = "Whose presence, in E.164.")
    String of;

    @Option(names = "--timeout", defaultValue = "30", description = "Seconds to wait for the answer (default 30).")
    int timeoutSeconds;

    private final PrintStream out;

    PresenceCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        UserId target = UserId.fromPhone(of);
        CompletableFuture<PresenceUpdate> first = new CompletableFuture<>();
        try (SwitchboardClient sdk = SwitchboardClient.open(client.settings())) {
            sdk.onPresence(update -> {
                if (update.user().equals(target)) {
                    first.complete(update);
                }
            });
            sdk.login().get(timeoutSeconds, TimeUnit.SECONDS);
            sdk.subscribePresence(target).get(timeoutSeconds, TimeUnit.SECONDS);
            out.println(PresenceJson.of(first.get(timeoutSeconds, TimeUnit.SECONDS)));
            out.flush();
        }
        return 0;
    }
}

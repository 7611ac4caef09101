// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli;

import io.switchboard.client.MessageAck;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.protocol.id.UserId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** {@code switchboard send}: sends one message and prints one JSON line once the server holds it (one check). */
@Command(name = "send", mixinStandardHelpOptions = true,
        description = "Send a message; prints one JSON line when the server has stored it (one check).")
final class SendCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @Option(names = "--to", required = true, description = "Recipient's E.164 phone number.")
    String to;

    @Option(names = "--timeout", defaultValue = "30", description = "Seconds to wait for the server (default 30).")
    int timeoutSeconds;

    @Parameters(arity = "1..*", paramLabel = "TEXT", description = "The message text.")
    List<String> words;

    private final PrintStream out;

    SendCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        UserId recipient = UserId.fromPhone(to);
        try (SwitchboardClient sdk = SwitchboardClient.open(client.settings())) {
            sdk.login().get(timeoutSeconds, TimeUnit.SECONDS);
            MessageAck ack = sdk.send(recipient, String.join(" ", words)).get(timeoutSeconds, TimeUnit.SECONDS);
            out.println(Json.object().put("type", "sent").put("to", recipient.phone()).put("id", ack.id().value())
                    .put("ts", ack.time().getEpochSecond()));
        }
        return 0;
    }
}

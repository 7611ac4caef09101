// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli;

import io.switchboard.client.SwitchboardClient;
import io.switchboard.protocol.id.UserId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code switchboard safety-number}: prints the safety number of this account and a peer, read from the client
 * directory alone (no connection): the same 60 digits on both phones when no one sits in between.
 */
@Command(name = "safety-number", mixinStandardHelpOptions = true,
        description = "Print the safety number with a peer (compare it in person or on a call); exits 1 if no"
                + " message was exchanged with it yet.")
final class SafetyNumberCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @Option(names = "--with", required = true, description = "The peer's E.164 phone number.")
    String with;

    private final PrintStream out;

    SafetyNumberCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        UserId peer = UserId.fromPhone(with);
        try (SwitchboardClient sdk = SwitchboardClient.open(client.settings())) {
            Optional<String> number = sdk.safetyNumber(peer).get(30, TimeUnit.SECONDS);
            if (number.isEmpty()) {
                System.err.println("switchboard: no identity key of " + peer.phone() + " is known in " + client.dir
                        + " yet: send it a message (or receive one), then ask again");
                return 1;
            }
            out.println(Json.object().put("type", "safety-number").put("with", peer.phone())
                    .put("number", grouped(number.get())));
        }
        return 0;
    }

    /** 60 digits as twelve groups of five, as Signal's apps show them. */
    static String grouped(String digits) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < digits.length(); i += 5) {
            if (i > 0) {
                out.append(' ');
            }
            out.append(digits, i, Math.min(digits.length(), i + 5));
        }
        return out.toString();
    }
}

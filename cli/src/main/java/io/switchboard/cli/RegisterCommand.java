// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli;

import io.switchboard.client.RegistrationCode;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.protocol.id.UserId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code switchboard register}: asks the server for a code for a phone number, then verifies it, binding the
 * account to this client directory's device key. A dev-mode server hands the code back, so this runs unattended;
 * otherwise the code comes from {@code --code} or is asked for on the terminal. All or nothing: the directory
 * changes only once the server has the account and its keys ({@link StagedDirectory}).
 */
@Command(name = "register", mixinStandardHelpOptions = true,
        description = "Register a phone number with a server; prints one JSON line when done.")
final class RegisterCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @Option(names = "--phone", required = true, description = "E.164 phone number, e.g. +15551230001.")
    String phone;

    @Option(names = "--code", description = "The 6-digit code, if already known.")
    String code;

    private final PrintStream out;

    RegisterCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        UserId.fromPhone(phone); // a clear error before any connection
        StagedDirectory staged = StagedDirectory.begin(client.dir);
        UserId user;
        try {
            // verify completes once the account's keys are published; only then are the files moved into DIR.
            try (SwitchboardClient sdk = SwitchboardClient.open(client.settings(staged.path()))) {
                RegistrationCode issued = sdk.register(phone).get(30, TimeUnit.SECONDS);
                String theCode = code != null ? code : issued.devCode().orElseGet(RegisterCommand::askForCode);
                user = sdk.verify(phone, theCode).get(30, TimeUnit.SECONDS);
            }
            if (client.servers != null && !client.servers.isEmpty()) {
                client.remember(staged.path());
            }
            staged.commit();
        } catch (Exception | Error e) {
            staged.abandon();
            throw e;
        }
        out.println(Json.object().put("type", "registered").put("user", user.phone()).put("dir",
                client.dir.toString()));
        return 0;
    }

    private static String askForCode() {
        System.err.print("Enter the 6-digit code sent by SMS: ");
        try {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                throw new IllegalArgumentException("no code given; pass --code or type it when asked");
            }
            return line.strip();
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read the code from the terminal", e);
        }
    }
}

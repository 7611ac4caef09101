// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli.chat;

import io.switchboard.client.RegistrationCode;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.protocol.id.UserId;
import org.jline.reader.LineReader;

import java.io.PrintWriter;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A first run in an empty client directory, as line prompts before the full screen opens: asks for the phone
 * number (unless given), has the server send a code, asks for the code (a dev-mode server hands it back, and it
 * fills itself in) and verifies it, which logs the client in. A mistake asks again rather than ending the chat.
 */
final class Registration {
    private static final int TIMEOUT_SECONDS = 30;
    private static final int CODE_ATTEMPTS = 3;

    private final SwitchboardClient sdk;
    private final LineReader reader;
    private final PrintWriter out;

    Registration(SwitchboardClient sdk, LineReader reader) {
        this.sdk = sdk;
        this.reader = reader;
        this.out = reader.getTerminal().writer();
    }

    /**
     * Registers {@code phone}, or a number asked for when it is null.
     *
     * @throws org.jline.reader.UserInterruptException on Ctrl-C
     * @throws org.jline.reader.EndOfFileException when the terminal's input ends
     */
    UserId run(String phone) throws InterruptedException {
        say("This directory has no account yet: register a phone number to chat.");
        String given = phone;
        while (true) {
            String number = given != null ? given : reader.readLine("Phone number (e.g. +15551230001): ").strip();
            given = null;
            try {
                UserId.fromPhone(number);
            } catch (IllegalArgumentException e) {
                say("'" + number + "' is not a phone number: type + and the country code, e.g. +15551230001.");
                continue;
            }
            RegistrationCode issued;
            try {
                issued = sdk.register(number).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                say("Could not ask for a code: " + reason(e) + ". Check --server and that the server runs.");
                continue;
            }
            for (int attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
                String code;
                if (issued.devCode().isPresent() && attempt == 0) {
                    code = issued.devCode().get();
                    say("Code " + code + " (filled in by the dev-mode server).");
                } else {
                    code = reader.readLine("Code from the SMS: ").strip();
                }
                try {
                    UserId user = sdk.verify(number, code).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    say("Registered as " + user.phone() + ".");
                    return user;
                } catch (ExecutionException | TimeoutException e) {
                    say("That code did not work: " + reason(e) + ".");
                }
            }
        }
    }

    private void say(String line) {
        out.println(line);
        out.flush();
    }

    private static String reason(Exception e) {
        if (e instanceof TimeoutException) {
            return "the server did not answer in time";
        }
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }
}

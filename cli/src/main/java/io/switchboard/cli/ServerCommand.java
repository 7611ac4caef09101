// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli;

import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/**
 * {@code switchboard server}: starts a node on its embedded store. The server itself arrives with issue 3; until
 * then this command says so and exits cleanly, so README's first command already works end to end.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Start a Switchboard server node (embedded store by default).")
final class ServerCommand implements Callable<Integer> {

    private final PrintStream out;

    ServerCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        out.println("Switchboard server: the wire protocol is in place (try ./switchboard wire-demo);");
        out.println("the messaging server arrives with the next issue (one-node server and client SDK).");
        return 0;
    }
}

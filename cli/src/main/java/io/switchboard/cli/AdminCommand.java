// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code switchboard admin}: operator verbs against a node's admin port; alone, it prints its usage. */
@Command(name = "admin", mixinStandardHelpOptions = true, description = "Operator tools for a running node.")
final class AdminCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}

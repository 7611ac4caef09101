// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli;

import picocli.CommandLine.Option;

/**
 * {@code --admin-token TOKEN}, mixed into every {@code switchboard admin} command: the bearer token the node was
 * started with. Without the option, {@code SWITCHBOARD_ADMIN_TOKEN} is used, which (unlike an argument) other users of
 * the machine cannot read in the process list.
 */
final class AdminTokenOption {
    static final String ENV = "SWITCHBOARD_ADMIN_TOKEN";

    @Option(names = "--admin-token", paramLabel = "TOKEN", description = "The node's admin token (switchboard server"
            + " --admin-token); default: $" + ENV + ". Needed for all but /health when the node has one.")
    String token;

    /** The token to send, or null for none. */
    String token() {
        String value = token != null ? token : System.getenv(ENV);
        return value == null || value.isBlank() ? null : value.strip();
    }
}

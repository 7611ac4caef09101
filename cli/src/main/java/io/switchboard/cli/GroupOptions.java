// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options every {@code group} verb shares: the client's, and how long to wait for the server. */
final class GroupOptions {

    @Mixin
    ClientOptions client;

    @Option(names = "--timeout", defaultValue = "30", description = "Seconds to wait for the server (default 30).")
    int timeoutSeconds;
}

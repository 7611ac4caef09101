// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli;

import picocli.CommandLine;

/**
 * Parses a TCP port option (0 to 65535), so that {@code --port 80000} is a usage error before anything starts
 * rather than a failure deep in the server's startup.
 */
final class PortNumber implements CommandLine.ITypeConverter<Integer> {
    static final int MAX = 65_535;

    @Override
    public Integer convert(String value) {
        int port;
        try {
            port = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a port number: use 0 to " + MAX
                    + " (0 picks a free one)");
        }
        if (port < 0 || port > MAX) {
            throw new CommandLine.TypeConversionException(port + " is not a port number: use 0 to " + MAX
                    + " (0 picks a free one)");
        }
        return port;
    }
}

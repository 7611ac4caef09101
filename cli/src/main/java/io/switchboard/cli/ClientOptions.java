// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli;

import io.switchboard.client.ClientSettings;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Options every client verb shares: the client directory and the server addresses. {@code register} remembers
 * the addresses in {@code DIR/servers}, so later verbs need only {@code --dir}.
 */
final class ClientOptions {

    @Option(names = "--dir", required = true, paramLabel = "DIR", converter = ClientDirectoryPath.class,
            description = "Client directory: device key, account, message counter.")
    Path dir;

    @Option(names = "--server", paramLabel = "HOST:PORT", split = ",",
            description = "Server address(es); default: those used at registration.")
    List<String> servers;

    ClientSettings settings() throws IOException {
        return settings(dir);
    }

    /** Settings on {@code directory} in place of {@code DIR} (a staged copy), with the servers {@code DIR} names. */
    ClientSettings settings(Path directory) throws IOException {
        return ClientSettings.of(directory, addresses());
    }

    /** Writes the addresses in use to {@code DIR/servers}. */
    void remember() throws IOException {
        remember(dir);
    }

    /** Writes the addresses in use to {@code directory/servers}. */
    void remember(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("servers"), String.join("\n", servers == null ? List.of() : servers)
                + "\n", StandardCharsets.UTF_8);
    }

    private List<InetSocketAddress> addresses() throws IOException {
        List<String> given = servers;
        if (given == null || given.isEmpty()) {
            Path file = dir.resolve("servers");
            if (!Files.exists(file)) {
                throw new IllegalArgumentException("no --server given and " + file + " does not exist; register"
                        + " first or pass --server HOST:PORT");
            }
            given = Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(s -> !s.isBlank()).toList();
        }
        List<InetSocketAddress> out = new ArrayList<>();
        for (String address : given) {
            int colon = address.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("server address must be HOST:PORT, was '" + address + "'");
            }
            out.add(new InetSocketAddress(address.substring(0, colon),
                    Integer.parseInt(address.substring(colon + 1))));
        }
        return out;
    }
}

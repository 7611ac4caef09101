// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server;

import io.switchboard.protocol.noise.X25519;
import io.switchboard.protocol.noise.X25519KeyPair;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The node's Noise static key: created on first start in {@code DATA/server.key} (owner-readable only), the same
 * key on every later start so clients can recognise the server.
 */
final class ServerKey {

    private ServerKey() {
    }

    static X25519KeyPair loadOrCreate(Path dataDir, X25519 x25519) throws IOException {
        Path file = dataDir.resolve("server.key");
        if (Files.exists(file)) {
            byte[] privateKey = Files.readAllBytes(file);
            if (privateKey.length != X25519.KEY_LENGTH) {
                throw new IOException(file + " is not a 32-byte X25519 private key; remove it to make a new one");
            }
            return x25519.keyPair(privateKey);
        }
        Files.createDirectories(dataDir);
        X25519KeyPair created = x25519.generateKeyPair();
        Files.write(file, created.privateKey(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the file keeps the directory's permissions.
        }
        return created;
    }
}

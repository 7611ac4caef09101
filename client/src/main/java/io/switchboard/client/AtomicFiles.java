// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Replaces a file's contents all at once: written to a temporary file beside it, forced to disk, then moved over
 * it, so a crash leaves the old contents or the new, never half of either.
 */
final class AtomicFiles {
    private AtomicFiles() {
    }

    static void write(Path file, byte[] contents) throws IOException {
        write(file, contents, false);
    }

    /** As {@link #write(Path, byte[])}; {@code secret} files are readable by their owner only, where supported. */
    static void write(Path file, byte[] contents, boolean secret) throws IOException {
        write(file, contents, secret, true);
    }

    /**
     * As {@link #write(Path, byte[], boolean)}, without forcing the new contents to disk when {@code force} is
     * false: still whole, old or new, after a crash of the process, but after a power cut possibly the old. For state
     * rewritten at every message, where an fsync each time would cost more than the message.
     */
    static void write(Path file, byte[] contents, boolean secret, boolean force) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            if (secret) {
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // Not a POSIX file system: the directory's own protection has to do.
                }
            }
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(contents);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                if (force) {
                    channel.force(true);
                }
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}

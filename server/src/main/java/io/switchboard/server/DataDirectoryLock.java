// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The exclusive lock on a data directory ({@code DATA/lock}, holding the pid of its owner), held from start to
 * close: two servers on one directory would share its key, its blobs and its embedded database, each thinking it
 * alone writes them. The operating system releases the lock when the process dies, even by {@code kill -9}, so a
 * stale file never keeps a server from starting.
 */
final class DataDirectoryLock implements AutoCloseable {

    static final String FILE_NAME = "lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock on {@code dataDir}, creating the directory if needed, and writes this process's pid into it.
     *
     * @throws IllegalStateException naming the directory and the holder's pid when another server holds it
     */
    static DataDirectoryLock acquire(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve(FILE_NAME);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by another node in this same JVM
        }
        if (lock == null) {
            String holder = readHolder(channel);
            channel.close();
            throw new IllegalStateException("the data directory " + dataDir.toAbsolutePath() + " is in use by"
                    + " another server (pid " + holder + "); stop it, or give this one its own --data directory");
        }
        byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(pid), 0);
        channel.force(true);
        return new DataDirectoryLock(channel, lock);
    }

    private static String readHolder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(32);
        channel.read(buffer, 0);
        String pid = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim();
        return pid.isEmpty() ? "unknown" : pid;
    }

    /** Releases the lock; the file stays, and the next owner overwrites the pid. */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}

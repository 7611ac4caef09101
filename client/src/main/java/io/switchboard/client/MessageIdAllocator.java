// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import io.switchboard.protocol.id.MessageId;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Hands out this device's message ids: a counter in lower-case hex (so ids travel packed, two digits a byte),
 * never repeated, even across crashes, because the server takes a second message with the same (sender,
 * registration, id) for a retry, and refuses it with 409 when its content differs. A new registration (a new client
 * directory) starts at 1 again: the server keys ids by registration, so that is safe.
 *
 * <p>The file holds the first id not yet reserved. Ids are reserved in blocks of {@value #BLOCK}: one durable
 * write per block instead of one per message; a crash skips the rest of a block, which costs nothing. Thread-safe.
 */
public final class MessageIdAllocator {
    static final int BLOCK = 64;

    private final Path file;
    private long next;
    private long reservedUntil;

    private MessageIdAllocator(Path file, long next) {
        this.file = file;
        this.next = next;
        this.reservedUntil = next;
    }

    /**
     * Opens the counter in {@code file}, starting at 1 when it does not exist.
     *
     * @throws IOException if the file cannot be read or does not hold a hex counter
     */
    public static MessageIdAllocator open(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new MessageIdAllocator(file, 1);
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        try {
            return new MessageIdAllocator(file, Long.parseUnsignedLong(text, 16));
        } catch (NumberFormatException e) {
            throw new IOException(file + " does not hold a hex message counter: '" + text + "'", e);
        }
    }

    /**
     * The next id.
     *
     * @throws IOException if a new block cannot be reserved durably
     */
    public synchronized MessageId next() throws IOException {
        if (next == reservedUntil) {
            AtomicFiles.write(file, (Long.toHexString(next + BLOCK) + "\n").getBytes(StandardCharsets.US_ASCII));
            reservedUntil = next + BLOCK;
        }
        return new MessageId(Long.toHexString(next++));
    }
}

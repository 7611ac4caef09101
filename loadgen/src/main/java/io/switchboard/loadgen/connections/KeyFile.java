// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.loadgen.connections;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Registered load-generator accounts, compactly: one text file per worker in a keys directory, one line per account,
 * {@code <phone> <device private key in hex>}, appended as registrations are verified. Every worker reads every file,
 * so a later run with another split of numbers over workers still finds its keys. The keys are only valid with the
 * server data directory they were registered on, which sits beside them. Test accounts only: the keys are not
 * protected.
 */
final class KeyFile implements AutoCloseable {
    private static final HexFormat HEX = HexFormat.of();
    private final BufferedWriter out;

    private KeyFile(BufferedWriter out) {
        this.out = out;
    }

    /** Every key in {@code dir}'s {@code *.keys} files, by phone number. */
    static Map<String, byte[]> readAll(Path dir) throws IOException {
        Map<String, byte[]> keys = new HashMap<>();
        if (!Files.isDirectory(dir)) {
            return keys;
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(f -> f.getFileName().toString().endsWith(".keys")).toList();
        }
        for (Path file : files) {
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                int space = line.indexOf(' ');
                if (space > 0 && line.length() == space + 65) {  // a torn last line is skipped, and registered again
                    keys.put(line.substring(0, space), HEX.parseHex(line, space + 1, line.length()));
                }
            }
        }
        return keys;
    }

    /** Opens {@code file} for appending. */
    static KeyFile append(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return new KeyFile(Files.newBufferedWriter(file, StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND));
    }

    synchronized void add(String phone, byte[] privateKey) throws IOException {
        out.write(phone + ' ' + HEX.formatHex(privateKey) + '\n');
    }

    synchronized void flush() throws IOException {
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}

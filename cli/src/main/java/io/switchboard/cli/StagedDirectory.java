// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A client directory's files prepared beside it ({@code .NAME.registering}) and moved into it only by
 * {@link #commit()}: registration is all-or-nothing from the user's view. A failed or interrupted one leaves the
 * directory as it was (no bad {@code servers} file, no half-registered account); the next {@link #begin} discards
 * the leftovers, so a re-run starts clean.
 */
final class StagedDirectory {
    /** The file that makes a directory registered; moved last so that a crash mid-commit never claims it early. */
    private static final String ACCOUNT = "account.properties";

    private final Path target;
    private final Path staging;

    private StagedDirectory(Path target, Path staging) {
        this.target = target;
        this.staging = staging;
    }

    /**
     * Starts staging for {@code target}: an empty staging directory, or a copy of {@code target} when it exists
     * (re-registering keeps its device key and encryption state).
     *
     * @throws IOException if the staging directory cannot be made beside {@code target}
     */
    static StagedDirectory begin(Path target) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        Path staging = absolute.resolveSibling("." + absolute.getFileName() + ".registering");
        deleteTree(staging);
        if (Files.isDirectory(absolute)) {
            copyTree(absolute, staging);
        } else {
            Files.createDirectories(staging);
        }
        return new StagedDirectory(absolute, staging);
    }

    Path path() {
        return staging;
    }

    /**
     * Moves the staged files into the directory: in one rename when it did not exist, else file by file with
     * {@code account.properties} last.
     *
     * @throws IOException if a file cannot be moved
     */
    void commit() throws IOException {
        if (!Files.exists(target)) {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        List<Path> entries = new ArrayList<>();
        try (Stream<Path> list = Files.list(staging)) {
            list.sorted(Comparator.comparing(p -> p.getFileName().toString().equals(ACCOUNT))).forEach(entries::add);
        }
        for (Path entry : entries) {
            Path destination = target.resolve(entry.getFileName().toString());
            if (Files.isDirectory(destination)) {
                deleteTree(destination);
            }
            Files.move(entry, destination, StandardCopyOption.REPLACE_EXISTING);
        }
        deleteTree(staging);
    }

    /** Discards the staged files; the directory stays as it was. */
    void abandon() throws IOException {
        deleteTree(staging);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

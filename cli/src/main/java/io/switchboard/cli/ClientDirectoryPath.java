// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli;

import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Parses {@code --dir}: a directory that exists or can be created. A path naming a file (or under one) is a usage
 * error saying so, rather than the bare path the file system's exception would print when the directory is made.
 */
final class ClientDirectoryPath implements CommandLine.ITypeConverter<Path> {

    @Override
    public Path convert(String value) {
        Path dir = Path.of(value);
        for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p)) {
                return dir;
            }
            if (Files.exists(p)) {
                String where = p.equals(dir.toAbsolutePath()) ? value + " is a file, not a directory"
                        : value + " is under " + p + ", which is a file";
                throw new CommandLine.TypeConversionException(where + ": pass the path of a client directory (it is"
                        + " created if missing), e.g. --dir ~/.switchboard/alice");
            }
        }
        return dir;
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.registration;

import io.switchboard.protocol.id.UserId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * The code sender for a node without an SMS gateway: codes go to the {@code io.switchboard.registration.codes}
 * logger at INFO, where the operator reads them and passes them on. In dev mode only, each code is also appended to
 * {@code DATA/codes.log} (time, number, code), readable and writable by the server's user alone (0600), for
 * scripts. Anyone who can read a code can take over the number being registered, so outside dev mode no file is
 * written, and the log line says where else the code went.
 */
public final class LogCodeSender implements CodeSender {
    private static final Logger log = LoggerFactory.getLogger(LogCodeSender.class);
    private static final Logger codes = LoggerFactory.getLogger("io.switchboard.registration.codes");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Optional<Path> codesLog;

    private LogCodeSender(Optional<Path> codesLog) {
        this.codesLog = codesLog;
    }

    /** A sender that writes {@code DATA/codes.log} too when {@code dev} is on. */
    public static LogCodeSender create(Path dataDir, boolean dev) {
        LogCodeSender sender = new LogCodeSender(dev ? Optional.of(dataDir.resolve("codes.log")) : Optional.empty());
        sender.codesLog.ifPresentOrElse(
                file -> log.warn("DEV MODE: registration codes are logged and appended to {} (mode 0600)", file),
                () -> log.info("registration codes go to the io.switchboard.registration.codes log only (no SMS"
                        + " gateway configured)"));
        return sender;
    }

    /** Where dev mode writes codes; empty outside dev mode. */
    public Optional<Path> codesLog() {
        return codesLog;
    }

    @Override
    public synchronized void send(UserId user, String code) throws CodeDeliveryException {
        if (codesLog.isEmpty()) {
            codes.info("registration code for {}: {}", user.phone(), code);
            return;
        }
        Path file = codesLog.get();
        codes.info("registration code for {}: {} (dev mode: also in {}, mode 0600)", user.phone(), code, file);
        try {
            Files.createDirectories(file.getParent());
            createOwnerOnly(file);
            Files.writeString(file, Instant.now() + " " + user.phone() + " " + code + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new CodeDeliveryException("cannot write " + file, e);
        }
    }

    /** Creates the file 0600 from the start (no window at the umask's mode), and tightens one left from before. */
    private static void createOwnerOnly(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (FileAlreadyExistsException e) {
            if (!Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows): the file inherits the directory's access list.
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
        }
    }
}

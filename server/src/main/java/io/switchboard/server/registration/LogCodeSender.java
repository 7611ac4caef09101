// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.registration;

import io.switchboard.protocol.id.UserId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The default code sender for a self-hosted node without an SMS gateway: the operator reads codes from the server
 * log or {@code DATA/codes.log} (one line per code: time, number, code) and passes them on.
 */
public final class LogCodeSender implements CodeSender {
    private static final Logger log = LoggerFactory.getLogger(LogCodeSender.class);

    private final Path codesLog;

    public LogCodeSender(Path dataDir) {
        this.codesLog = dataDir.resolve("codes.log");
    }

    @Override
    public synchronized void send(UserId user, String code) throws CodeDeliveryException {
        log.info("registration code for {}: {} (also in {})", user.phone(), code, codesLog);
        try {
            Files.createDirectories(codesLog.getParent());
            Files.writeString(codesLog, Instant.now() + " " + user.phone() + " " + code + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new CodeDeliveryException("cannot write " + codesLog, e);
        }
    }
}

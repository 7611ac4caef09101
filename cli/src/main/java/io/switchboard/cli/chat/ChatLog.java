// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli.chat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import org.slf4j.LoggerFactory;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Sends log lines (and anything a library prints to standard error) to {@code DIR/chat.log} while the chat owns the
 * screen: a warning printed over a full-screen frame would garble it until the next redraw.
 */
public final class ChatLog implements AutoCloseable {
    /** The file name in the client directory. */
    public static final String FILE = "chat.log";

    private final PrintStream originalErr;
    private final PrintStream file;

    private ChatLog(PrintStream originalErr, PrintStream file) {
        this.originalErr = originalErr;
        this.file = file;
    }

    /**
     * Redirects until {@link #close}.
     *
     * @throws IOException if the file cannot be opened for appending
     */
    public static ChatLog redirect(Path dir, boolean verbose) throws IOException {
        Path path = dir.resolve(FILE);
        PrintStream file = new PrintStream(new FileOutputStream(path.toFile(), true), true, StandardCharsets.UTF_8);
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
            root.detachAndStopAllAppenders();
            PatternLayoutEncoder encoder = new PatternLayoutEncoder();
            encoder.setContext(context);
            encoder.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level %logger{24} - %msg%n");
            encoder.start();
            FileAppender<ILoggingEvent> appender = new FileAppender<>();
            appender.setContext(context);
            appender.setFile(path.toString());
            appender.setAppend(true);
            appender.setEncoder(encoder);
            appender.start();
            root.addAppender(appender);
            root.setLevel(verbose ? Level.DEBUG : Level.WARN);
        }
        PrintStream original = System.err;
        System.setErr(file);
        return new ChatLog(original, file);
    }

    @Override
    public void close() {
        System.setErr(originalErr);
        file.close();
    }
}

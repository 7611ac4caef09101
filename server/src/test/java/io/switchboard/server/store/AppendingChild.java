// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import ch.qos.logback.classic.Level;
import io.switchboard.protocol.id.MessageId;
import io.switchboard.protocol.id.UserId;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The child process of {@link StoreKillDurabilityTest}: appends to one recipient from 8 threads until killed, and
 * prints {@code ACK <seq> <messageId>} for an entry only after its append future completed, exactly as a session
 * sends its one check.
 *
 * <p>Arguments: {@code embedded <dataDir> <recipient>} or {@code postgres <jdbcUrl> <user> <recipient>}.
 */
public final class AppendingChild {

    private AppendingChild() {
    }

    public static void main(String[] args) {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        StoreSettings settings = args[0].equals("embedded")
                ? StoreSettings.embedded(java.nio.file.Path.of(args[1]))
                : StoreSettings.postgres(args[1], args[2], "");
        UserId recipient = new UserId(args[args.length - 1]);
        UserId sender = new UserId("15550000001");
        Stores stores = Stores.open(settings.withBatching(64, Duration.ZERO));
        PrintStream out = System.out;
        for (int t = 0; t < 8; t++) {
            int thread = t;
            new Thread(() -> {
                for (long i = 0; ; i++) {
                    MessageId id = new MessageId("t" + thread + "-" + i);
                    byte[] payload = new byte[ThreadLocalRandom.current().nextInt(16, 256)];
                    AppendResult r = stores.mailbox().append(MailboxEntry.toAppend(recipient, sender, id,
                            EntryKind.MESSAGE, System.currentTimeMillis(), payload)).join();
                    synchronized (out) {
                        out.println("ACK " + ((AppendResult.Appended) r).seq() + " " + id.value());
                        out.flush();
                    }
                }
            }, "appender-" + t).start();
        }
    }
}

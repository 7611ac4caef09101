// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.loadgen.connections;

import java.util.HashMap;
import java.util.Map;

/**
 * The line protocol between {@link ConnectionsCoordinator} and its {@link ConnectionsWorker}s: commands go to the
 * worker's standard input, one per line; protocol lines on its standard output start with {@link #PREFIX}.
 *
 * <pre>
 * ready KNOWN_KEYS
 * count EPOCH_MILLIS LOGGED_IN SINCE_MARK REGISTERED REGISTER_FAILED CONNECT_FAILED LOGIN_REFUSED MARKS
 * done COMMAND [FIGURES..]
 * error TEXT
 * </pre>
 */
final class WorkerLines {
    static final String PREFIX = "@sb ";

    private WorkerLines() {
    }

    /** {@code --name value} pairs. */
    static Map<String, String> parseArgs(String[] argv) {
        Map<String, String> args = new HashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            if (!argv[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value pairs, got " + argv[i]);
            }
            args.put(argv[i].substring(2), argv[i + 1]);
        }
        return args;
    }

    /** One worker's figures from a {@code count} line. */
    record Count(long epochMillis, int loggedIn, int sinceMark, int registered, int registerFailed,
            int connectFailed, int loginRefused, int marks) {
        static final Count NONE = new Count(0, 0, 0, 0, 0, 0, 0, 0);

        /** Parses the words after {@code count}. */
        static Count parse(String[] words) {
            return new Count(Long.parseLong(words[1]), Integer.parseInt(words[2]), Integer.parseInt(words[3]),
                    Integer.parseInt(words[4]), Integer.parseInt(words[5]), Integer.parseInt(words[6]),
                    Integer.parseInt(words[7]), Integer.parseInt(words[8]));
        }
    }
}

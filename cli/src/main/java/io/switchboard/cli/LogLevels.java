// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Applies {@code switchboard.log.levels} (logger name → level) from the configuration, so an operator turns up
 * one package without touching logback.xml: {@code switchboard.log.levels."io.switchboard.server.session" = DEBUG}.
 */
final class LogLevels {

    private LogLevels() {
    }

    /**
     * @throws ConfigException.BadValue naming the key when a level is not one logback knows
     */
    static void apply(Config config) {
        if (!config.hasPath("switchboard.log.levels")
                || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        for (Map.Entry<String, Object> entry : config.getObject("switchboard.log.levels").unwrapped().entrySet()) {
            String value = String.valueOf(entry.getValue());
            Level level = Level.toLevel(value, null);
            if (level == null) {
                throw new ConfigException.BadValue("switchboard.log.levels." + entry.getKey(),
                        "not a log level: '" + value + "' (TRACE, DEBUG, INFO, WARN, ERROR, OFF)");
            }
            context.getLogger(entry.getKey()).setLevel(level);
        }
    }
}

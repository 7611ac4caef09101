// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogLevelsTest {

    @Test
    void levelsFromConfigurationApplyPerLogger() {
        LogLevels.apply(ConfigFactory.parseString(
                "switchboard.log.levels { \"io.switchboard.test.a\" = DEBUG, \"io.switchboard.test.b\" = ERROR }"));
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        assertThat(context.getLogger("io.switchboard.test.a").getLevel()).isEqualTo(Level.DEBUG);
        assertThat(context.getLogger("io.switchboard.test.b").getLevel()).isEqualTo(Level.ERROR);
    }

    @Test
    void anUnknownLevelFailsNamingTheKey() {
        assertThatThrownBy(() -> LogLevels.apply(ConfigFactory.parseString(
                "switchboard.log.levels { \"io.switchboard.test.c\" = LOUD }")))
                .isInstanceOf(ConfigException.BadValue.class)
                .hasMessageContaining("switchboard.log.levels.io.switchboard.test.c");
    }
}

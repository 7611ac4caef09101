// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.switchboard.protocol.id.MessageId;
import io.switchboard.protocol.id.UserId;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Reading {@code switchboard.store} from reference.conf and overrides, and the value types' safe rendering. */
class StoreSettingsTest {

    private static Config with(String hocon) {
        return ConfigFactory.parseString(hocon).withFallback(ConfigFactory.defaultReference()).resolve();
    }

    @Test
    void referenceConfDefaultsToTheEmbeddedStoreUnderDataDir() {
        StoreSettings s = StoreSettings.create(with("switchboard.data-dir = \"/var/lib/sb\""));
        assertThat(s.kind()).isEqualTo(StoreSettings.Kind.EMBEDDED);
        assertThat(s.jdbcUrl()).isEqualTo("jdbc:sqlite:" + Path.of("/var/lib/sb/switchboard.db"));
        assertThat(s.poolSize()).isEqualTo(4);
        assertThat(s.maxBatchSize()).isEqualTo(512);
        assertThat(s.maxBatchDelay()).isEqualTo(Duration.ZERO);
        assertThat(s.dedupeRetention()).isEqualTo(Duration.ofDays(14));
        assertThat(s).isEqualTo(StoreSettings.embedded(Path.of("/var/lib/sb")));
    }

    @Test
    void postgresKindTakesItsUrlAndCredentials() {
        StoreSettings s = StoreSettings.create(with("switchboard.store { kind = postgres, jdbc-url = "
                + "\"jdbc:postgresql://db/sb\", user = sb, password = secret, max-batch-delay = 2ms }"));
        assertThat(s.kind()).isEqualTo(StoreSettings.Kind.POSTGRES);
        assertThat(s.jdbcUrl()).isEqualTo("jdbc:postgresql://db/sb");
        assertThat(s.maxBatchDelay()).isEqualTo(Duration.ofMillis(2));
        assertThat(s.toString()).doesNotContain("secret");
    }

    @Test
    void badValuesFailNamingTheFullKey() {
        assertThatThrownBy(() -> StoreSettings.create(with("switchboard.store.kind = mysql")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("switchboard.store.kind");
        assertThatThrownBy(() -> StoreSettings.create(with("switchboard.store.kind = postgres")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("switchboard.store.jdbc-url");
        assertThatThrownBy(() -> StoreSettings.create(with("switchboard.store.pool-size = 1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("switchboard.store.pool-size");
        assertThatThrownBy(() -> StoreSettings.create(with("switchboard.store.max-batch-delay = soon")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("switchboard.store.max-batch-delay");
    }

    @Test
    void entryKindCodesAreFixed() {
        assertThat(EntryKind.MESSAGE.code()).isEqualTo(1);
        assertThat(EntryKind.DELIVERY_RECEIPT.code()).isEqualTo(2);
        assertThat(EntryKind.READ_RECEIPT.code()).isEqualTo(3);
        for (EntryKind kind : EntryKind.values()) {
            assertThat(EntryKind.fromCode(kind.code())).isSameAs(kind);
        }
        assertThatThrownBy(() -> EntryKind.fromCode(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void renderingsShowNeitherPayloadNorKeys() {
        UserId user = new UserId("15551230001");
        var entry = MailboxEntry.toAppend(user, user, new MessageId("m1"), EntryKind.MESSAGE, 1, "secret".getBytes());
        assertThat(entry.toString()).contains("6 bytes").doesNotContain("secret", "[B@");
        assertThat(new Account(user, 1, new byte[] {7, 7}, 1).toString()).doesNotContain("[B@", "7, 7");
    }
}

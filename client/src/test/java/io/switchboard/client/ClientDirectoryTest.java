// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import io.switchboard.protocol.id.MessageId;
import io.switchboard.protocol.id.UserId;
import io.switchboard.protocol.noise.JdkX25519;
import io.switchboard.protocol.noise.X25519;
import io.switchboard.protocol.noise.X25519KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientDirectoryTest {
    private static final X25519 X25519 = new JdkX25519();

    @TempDir
    Path dir;

    @Test
    void deviceKeyIsCreatedOnceAndReadBackTheSame() throws Exception {
        ClientDirectory directory = ClientDirectory.open(dir);
        assertThat(directory.deviceKey(X25519)).isEmpty();

        X25519KeyPair created = directory.deviceKeyOrCreate(X25519);

        assertThat(directory.deviceKeyOrCreate(X25519)).isEqualTo(created);
        assertThat(ClientDirectory.open(dir).deviceKey(X25519)).contains(created);
    }

    @Test
    void deviceKeyFileIsReadableByItsOwnerOnly() throws Exception {
        ClientDirectory.open(dir).deviceKeyOrCreate(X25519);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("device.key"))))
                .isEqualTo("rw-------");
    }

    @Test
    void accountIsStoredAndReadBack() throws Exception {
        Account account = new Account(UserId.fromPhone("+15551230002"), 0);
        ClientDirectory.open(dir).saveAccount(account);

        assertThat(ClientDirectory.open(dir).account()).contains(account);
        assertThat(Files.readString(dir.resolve("account.properties"))).contains("phone=+15551230002");
    }

    @Test
    void corruptKeyFileIsReportedNotReplaced() throws Exception {
        Files.writeString(dir.resolve("device.key"), "not hex\n");

        assertThatThrownBy(() -> ClientDirectory.open(dir).deviceKeyOrCreate(X25519))
                .isInstanceOf(java.io.IOException.class).hasMessageContaining("device.key");
    }

    @Test
    void messageIdsAreLowerCaseHexAndNeverRepeatAcrossReopens() throws Exception {
        Set<String> seen = new HashSet<>();
        for (int run = 0; run < 3; run++) {
            MessageIdAllocator ids = ClientDirectory.open(dir).messageIds();
            for (int i = 0; i < 5; i++) {
                MessageId id = ids.next();
                assertThat(id.value()).matches("[0-9a-f]+");
                assertThat(seen.add(id.value())).as("id %s is new", id).isTrue();
            }
        }
    }

    @Test
    void idCounterFileReservesABlockAhead() throws Exception {
        MessageIdAllocator ids = ClientDirectory.open(dir).messageIds();
        assertThat(ids.next().value()).isEqualTo("1");

        assertThat(Files.readString(dir.resolve("next-id")).strip())
                .isEqualTo(Long.toHexString(1 + MessageIdAllocator.BLOCK));
    }
}

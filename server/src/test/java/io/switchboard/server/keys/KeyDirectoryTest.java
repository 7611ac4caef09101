// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.id.UserId;
import io.switchboard.server.store.DeviceKeys;
import io.switchboard.server.store.SignedPreKey;
import io.switchboard.server.store.StoreSettings;
import io.switchboard.server.store.Stores;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.ecc.ECKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyType;

/** The key directory's rules with real libsignal keys on the embedded store: signatures, batch bound, ordering. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KeyDirectoryTest {

    @TempDir
    Path dataDir;
    private Stores stores;
    private KeyDirectory directory;
    private final UserId alice = new UserId("15550001111");
    private final IdentityKeyPair identity = IdentityKeyPair.generate();

    @BeforeEach
    void open() {
        stores = Stores.open(StoreSettings.embedded(dataDir));
        directory = new KeyDirectory(stores.keys());
    }

    @AfterEach
    void close() {
        stores.close();
    }

    private SignedPreKey signedEc(int id, IdentityKeyPair signer) {
        byte[] key = ECKeyPair.generate().getPublicKey().serialize();
        return new SignedPreKey(id, key, signer.getPrivateKey().calculateSignature(key));
    }

    private SignedPreKey signedKyber(int id, IdentityKeyPair signer) {
        byte[] key = KEMKeyPair.generate(KEMKeyType.KYBER_1024).getPublicKey().serialize();
        return new SignedPreKey(id, key, signer.getPrivateKey().calculateSignature(key));
    }

    private DeviceKeys device(IdentityKeyPair signer) {
        return new DeviceKeys(77, identity.getPublicKey().serialize(), signedEc(1, signer), signedKyber(2, signer));
    }

    private KeyDirectory.UploadOutcome upload(KeyUpload upload) throws Exception {
        return directory.upload(alice, 1, upload).get(20, TimeUnit.SECONDS);
    }

    @Test
    void keysSignedByTheIdentityAreStored() throws Exception {
        KeyDirectory.UploadOutcome outcome = upload(new KeyUpload(Optional.of(device(identity)),
                List.of(new SignedPreKey(3, ECKeyPair.generate().getPublicKey().serialize(), new byte[0])),
                List.of(signedKyber(4, identity))));

        assertThat(outcome.refusal()).isNull();
        assertThat(outcome.uploaded().ecPreKeys()).isEqualTo(1);
        assertThat(outcome.uploaded().kyberPreKeys()).isEqualTo(1);
    }

    @Test
    void aSignedPrekeySignedByAnotherKeyIsRefused() throws Exception {
        KeyDirectory.UploadOutcome outcome = upload(new KeyUpload(Optional.of(device(IdentityKeyPair.generate())),
                List.of(), List.of()));

        assertThat(outcome.refusal().reason()).isEqualTo(KeyRefusal.Reason.INVALID_KEY);
        assertThat(outcome.refusal().text()).contains("does not verify against the identity key");
    }

    @Test
    void aLaterKyberTopUpIsCheckedAgainstTheStoredIdentity() throws Exception {
        upload(new KeyUpload(Optional.of(device(identity)), List.of(), List.of()));

        assertThat(upload(new KeyUpload(Optional.empty(), List.of(), List.of(signedKyber(9, identity)))).refusal())
                .isNull();
        assertThat(upload(new KeyUpload(Optional.empty(), List.of(),
                List.of(signedKyber(10, IdentityKeyPair.generate())))).refusal().reason())
                .isEqualTo(KeyRefusal.Reason.INVALID_KEY);
    }

    @Test
    void moreThanAHundredOneTimeKeysOfAKindInOneUploadAreRefused() throws Exception {
        List<SignedPreKey> many = IntStream.range(0, KeyDirectory.MAX_BATCH + 1).mapToObj(i ->
                new SignedPreKey(i, ECKeyPair.generate().getPublicKey().serialize(), new byte[0])).toList();

        assertThat(upload(new KeyUpload(Optional.of(device(identity)), many, List.of())).refusal().reason())
                .isEqualTo(KeyRefusal.Reason.BATCH_TOO_LARGE);
    }

    @Test
    void oneTimeKeysBeforeTheIdentityAreRefused() throws Exception {
        assertThat(upload(new KeyUpload(Optional.empty(), List.of(), List.of(signedKyber(9, identity)))).refusal()
                .reason()).isEqualTo(KeyRefusal.Reason.NO_DEVICE_KEYS);
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.InvalidKeyException;
import org.signal.libsignal.protocol.InvalidKeyIdException;
import org.signal.libsignal.protocol.InvalidMessageException;
import org.signal.libsignal.protocol.NoSessionException;
import org.signal.libsignal.protocol.ReusedBaseKeyException;
import org.signal.libsignal.protocol.SignalProtocolAddress;
import org.signal.libsignal.protocol.ecc.ECPublicKey;
import org.signal.libsignal.protocol.groups.state.SenderKeyRecord;
import org.signal.libsignal.protocol.state.KyberPreKeyRecord;
import org.signal.libsignal.protocol.state.PreKeyRecord;
import org.signal.libsignal.protocol.state.SessionRecord;
import org.signal.libsignal.protocol.state.SignalProtocolStore;
import org.signal.libsignal.protocol.state.SignedPreKeyRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * libsignal's state for this device, one file per record under {@code signal/} in the client directory, each
 * replaced atomically (see {@link #write} on durability): the identity key pair and registration id
 * ({@code identity}, owner-readable only), one-time, signed and Kyber prekeys, sessions, peers' identity keys and
 * sender keys. A crash leaves every record whole, old or new. Peers' identity keys are trusted on first use and
 * on change (as Signal's apps do); a change is reported to {@code onIdentityReplaced}. Not thread-safe: confined
 * to the client's event loop.
 */
final class SignalStore implements SignalProtocolStore {

    private final Path dir;
    private final IdentityKeyPair identity;
    private final int registrationId;
    private final Consumer<SignalProtocolAddress> onIdentityReplaced;

    private SignalStore(Path dir, IdentityKeyPair identity, int registrationId,
                        Consumer<SignalProtocolAddress> onIdentityReplaced) {
        this.dir = dir;
        this.identity = identity;
        this.registrationId = registrationId;
        this.onIdentityReplaced = onIdentityReplaced;
    }

    /**
     * Opens the store in {@code dir}, creating the identity on first use.
     *
     * @throws IOException if it cannot be read or created
     */
    static SignalStore open(Path dir, Consumer<SignalProtocolAddress> onIdentityReplaced) throws IOException {
        for (String sub : new String[] {"prekeys", "signed", "kyber", "sessions", "identities", "sender-keys"}) {
            Files.createDirectories(dir.resolve(sub));
        }
        Path file = dir.resolve("identity");
        if (Files.exists(file)) {
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file));
            int registrationId = bytes.getInt();
            byte[] pair = new byte[bytes.remaining()];
            bytes.get(pair);
            try {
                return new SignalStore(dir, new IdentityKeyPair(pair), registrationId, onIdentityReplaced);
            } catch (InvalidKeyException e) {
                throw new IOException(file + " does not hold an identity key pair", e);
            }
        }
        IdentityKeyPair created = IdentityKeyPair.generate();
        int registrationId = 1 + new SecureRandom().nextInt(16_380);
        byte[] pair = created.serialize();
        AtomicFiles.write(file, ByteBuffer.allocate(4 + pair.length).putInt(registrationId).put(pair).array(), true);
        return new SignalStore(dir, created, registrationId, onIdentityReplaced);
    }

    /**
     * The next key id of {@code kind} ({@code ec}, {@code kyber}, {@code signed}), persisted before it is handed
     * out so an id is never reused, from 1 to 16,777,215 and round again.
     */
    int nextId(String kind) {
        Path file = dir.resolve("next-" + kind + "-id");
        int next = read(file).map(b -> Integer.parseInt(new String(b, java.nio.charset.StandardCharsets.US_ASCII)
                .strip())).orElse(1);
        write(file, Integer.toString(next % 0xFFFFFF + 1).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return next;
    }

    /** Forgets every session and stored identity of {@code name} (a peer that re-registered). */
    void forget(String name) {
        deleteAllSessions(name);
        delete(dir.resolve("identities").resolve(name));
    }

    @Override
    public IdentityKeyPair getIdentityKeyPair() {
        return identity;
    }

    @Override
    public int getLocalRegistrationId() {
        return registrationId;
    }

    @Override
    public IdentityChange saveIdentity(SignalProtocolAddress address, IdentityKey key) {
        IdentityKey known = getIdentity(address);
        if (key.equals(known)) {
            return IdentityChange.NEW_OR_UNCHANGED;
        }
        write(dir.resolve("identities").resolve(address.getName()), key.serialize());
        if (known == null) {
            return IdentityChange.NEW_OR_UNCHANGED;
        }
        onIdentityReplaced.accept(address);
        return IdentityChange.REPLACED_EXISTING;
    }

    /** Trust on first use, and on change: the change is surfaced, never silently refused (PROTOCOL.md §14.4). */
    @Override
    public boolean isTrustedIdentity(SignalProtocolAddress address, IdentityKey key, Direction direction) {
        return true;
    }

    @Override
    public IdentityKey getIdentity(SignalProtocolAddress address) {
        return read(dir.resolve("identities").resolve(address.getName())).map(bytes -> {
            try {
                return new IdentityKey(bytes);
            } catch (InvalidKeyException e) {
                throw new IllegalStateException("corrupt identity of " + address.getName(), e);
            }
        }).orElse(null);
    }

    @Override
    public PreKeyRecord loadPreKey(int id) throws InvalidKeyIdException {
        byte[] bytes = read(dir.resolve("prekeys").resolve(Integer.toString(id)))
                .orElseThrow(() -> new InvalidKeyIdException("no one-time prekey " + id));
        try {
            return new PreKeyRecord(bytes);
        } catch (InvalidMessageException e) {
            throw new InvalidKeyIdException("corrupt one-time prekey " + id);
        }
    }

    @Override
    public void storePreKey(int id, PreKeyRecord record) {
        write(dir.resolve("prekeys").resolve(Integer.toString(id)), record.serialize());
    }

    @Override
    public boolean containsPreKey(int id) {
        return Files.exists(dir.resolve("prekeys").resolve(Integer.toString(id)));
    }

    @Override
    public void removePreKey(int id) {
        delete(dir.resolve("prekeys").resolve(Integer.toString(id)));
    }

    @Override
    public SignedPreKeyRecord loadSignedPreKey(int id) throws InvalidKeyIdException {
        byte[] bytes = read(dir.resolve("signed").resolve(Integer.toString(id)))
                .orElseThrow(() -> new InvalidKeyIdException("no signed prekey " + id));
        try {
            return new SignedPreKeyRecord(bytes);
        } catch (InvalidMessageException e) {
            throw new InvalidKeyIdException("corrupt signed prekey " + id);
        }
    }

    @Override
    public List<SignedPreKeyRecord> loadSignedPreKeys() {
        List<SignedPreKeyRecord> records = new ArrayList<>();
        for (int id : ids("signed")) {
            try {
                records.add(loadSignedPreKey(id));
            } catch (InvalidKeyIdException e) {
                throw new IllegalStateException(e);
            }
        }
        return records;
    }

    @Override
    public void storeSignedPreKey(int id, SignedPreKeyRecord record) {
        write(dir.resolve("signed").resolve(Integer.toString(id)), record.serialize());
    }

    @Override
    public boolean containsSignedPreKey(int id) {
        return Files.exists(dir.resolve("signed").resolve(Integer.toString(id)));
    }

    @Override
    public void removeSignedPreKey(int id) {
        delete(dir.resolve("signed").resolve(Integer.toString(id)));
    }

    @Override
    public KyberPreKeyRecord loadKyberPreKey(int id) throws InvalidKeyIdException {
        byte[] bytes = read(kyberFile(id)).orElseThrow(() -> new InvalidKeyIdException("no Kyber prekey " + id));
        try {
            return new KyberPreKeyRecord(bytes);
        } catch (InvalidMessageException e) {
            throw new InvalidKeyIdException("corrupt Kyber prekey " + id);
        }
    }

    @Override
    public List<KyberPreKeyRecord> loadKyberPreKeys() {
        List<KyberPreKeyRecord> records = new ArrayList<>();
        for (int id : ids("kyber")) {
            try {
                records.add(loadKyberPreKey(id));
            } catch (InvalidKeyIdException e) {
                throw new IllegalStateException(e);
            }
        }
        return records;
    }

    /** Stores a one-time Kyber prekey, deleted once used. */
    @Override
    public void storeKyberPreKey(int id, KyberPreKeyRecord record) {
        write(kyberFile(id), record.serialize());
    }

    /** Stores the last-resort Kyber prekey, kept after use (the server serves it while the pool is empty). */
    void storeLastResortKyberPreKey(int id, KyberPreKeyRecord record) {
        write(dir.resolve("kyber").resolve(id + ".last-resort"), record.serialize());
    }

    @Override
    public boolean containsKyberPreKey(int id) {
        return Files.exists(kyberFile(id));
    }

    /**
     * A one-time key goes. A last-resort key stays, and each (signed prekey, base key) it was used with is kept, so
     * a replayed first message (same base key) is refused rather than starting the session a second time.
     */
    @Override
    public void markKyberPreKeyUsed(int id, int signedPreKeyId, ECPublicKey baseKey) throws ReusedBaseKeyException {
        Path oneTime = dir.resolve("kyber").resolve(Integer.toString(id));
        if (Files.exists(oneTime)) {
            delete(oneTime);
            return;
        }
        Path uses = dir.resolve("kyber").resolve(id + ".uses");
        String use = signedPreKeyId + " " + java.util.HexFormat.of().formatHex(baseKey.serialize());
        String known = read(uses).map(b -> new String(b, java.nio.charset.StandardCharsets.US_ASCII)).orElse("");
        if (known.lines().anyMatch(use::equals)) {
            throw new ReusedBaseKeyException("a first message with this base key was already accepted");
        }
        write(uses, (known + use + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    private Path kyberFile(int id) {
        Path oneTime = dir.resolve("kyber").resolve(Integer.toString(id));
        return Files.exists(oneTime) ? oneTime : dir.resolve("kyber").resolve(id + ".last-resort");
    }

    @Override
    public SessionRecord loadSession(SignalProtocolAddress address) {
        return read(sessionFile(address)).map(bytes -> {
            try {
                return new SessionRecord(bytes);
            } catch (InvalidMessageException e) {
                throw new IllegalStateException("corrupt session with " + address, e);
            }
        }).orElseGet(SessionRecord::new);
    }

    @Override
    public List<SessionRecord> loadExistingSessions(List<SignalProtocolAddress> addresses) throws NoSessionException {
        List<SessionRecord> records = new ArrayList<>();
        for (SignalProtocolAddress address : addresses) {
            if (!containsSession(address)) {
                throw new NoSessionException("no session with " + address);
            }
            records.add(loadSession(address));
        }
        return records;
    }

    @Override
    public List<Integer> getSubDeviceSessions(String name) {
        List<Integer> devices = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir.resolve("sessions"))) {
            files.map(f -> f.getFileName().toString()).filter(f -> f.startsWith(name + "#"))
                    .map(f -> Integer.parseInt(f.substring(name.length() + 1))).filter(d -> d != 1)
                    .forEach(devices::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return devices;
    }

    @Override
    public void storeSession(SignalProtocolAddress address, SessionRecord record) {
        write(sessionFile(address), record.serialize());
    }

    @Override
    public boolean containsSession(SignalProtocolAddress address) {
        return Files.exists(sessionFile(address));
    }

    @Override
    public void deleteSession(SignalProtocolAddress address) {
        delete(sessionFile(address));
    }

    @Override
    public void deleteAllSessions(String name) {
        try (Stream<Path> files = Files.list(dir.resolve("sessions"))) {
            files.filter(f -> f.getFileName().toString().startsWith(name + "#")).forEach(SignalStore::delete);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void storeSenderKey(SignalProtocolAddress sender, UUID distributionId, SenderKeyRecord record) {
        write(senderKeyFile(sender, distributionId), record.serialize());
    }

    @Override
    public SenderKeyRecord loadSenderKey(SignalProtocolAddress sender, UUID distributionId) {
        return read(senderKeyFile(sender, distributionId)).map(bytes -> {
            try {
                return new SenderKeyRecord(bytes);
            } catch (InvalidMessageException e) {
                throw new IllegalStateException("corrupt sender key of " + sender, e);
            }
        }).orElse(null);
    }

    private Path sessionFile(SignalProtocolAddress address) {
        return dir.resolve("sessions").resolve(address.getName() + "#" + address.getDeviceId());
    }

    private Path senderKeyFile(SignalProtocolAddress sender, UUID distributionId) {
        return dir.resolve("sender-keys").resolve(sender.getName() + "#" + sender.getDeviceId() + "#"
                + distributionId);
    }

    private List<Integer> ids(String sub) {
        try (Stream<Path> files = Files.list(dir.resolve(sub))) {
            return files.map(f -> f.getFileName().toString())
                    .filter(f -> !f.endsWith(".tmp") && !f.endsWith(".uses"))
                    .map(f -> Integer.parseInt(f.replace(".last-resort", ""))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<byte[]> read(Path file) {
        try {
            return Files.exists(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * libsignal's store interfaces throw nothing checked, so a failed write is unchecked: the operation fails.
     * Records are replaced atomically but not forced to disk one by one (an fsync per message and per generated key
     * cost more than the crypto): a process crash keeps every record whole and current, a power cut may roll the
     * newest back, after which a ratchet can be out of step with its peer until the next session starts.
     */
    private static void write(Path file, byte[] bytes) {
        try {
            AtomicFiles.write(file, bytes, true, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }
}

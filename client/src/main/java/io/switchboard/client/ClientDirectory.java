// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import io.switchboard.protocol.id.UserId;
import io.switchboard.protocol.noise.X25519;
import io.switchboard.protocol.noise.X25519KeyPair;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Properties;

/**
 * A client's state on disk, one directory per device:
 *
 * <ul>
 *   <li>{@code device.key}: the device's X25519 private key in hex (owner-readable only); the public key, its
 *       credential, follows from it. Created on first registration; losing it means registering again.</li>
 *   <li>{@code account.properties}: {@code phone}, {@code user} and {@code device}, written when a registration is
 *       verified.</li>
 *   <li>{@code server.key}: the server's static public key in hex, learned on the first verified connection and
 *       insisted on afterwards (trust on first use), so a man in the middle cannot pose as the server later.</li>
 *   <li>{@code next-id}: the message id counter ({@link MessageIdAllocator}).</li>
 *   <li>{@code signal/}: end-to-end encryption state (libsignal's identity key pair, prekeys, sessions, peers'
 *       identity keys, sender keys; {@code groups/} the sender key this device uses per group). Losing it means
 *       registering again; peers then see an identity change.</li>
 * </ul>
 *
 * Every file is replaced atomically. One process per directory.
 */
public final class ClientDirectory {
    static final String DEVICE_KEY = "device.key";
    static final String ACCOUNT = "account.properties";
    static final String SERVER_KEY = "server.key";
    static final String NEXT_ID = "next-id";

    private final Path dir;

    private ClientDirectory(Path dir) {
        this.dir = dir;
    }

    /**
     * Opens {@code dir}, creating it if needed.
     *
     * @throws IOException if it cannot be created or is not a directory
     */
    public static ClientDirectory open(Path dir) throws IOException {
        Files.createDirectories(dir);
        return new ClientDirectory(dir);
    }

    public Path path() {
        return dir;
    }

    /**
     * The device key pair, if one was created.
     *
     * @throws IOException if {@code device.key} exists but cannot be read or is not a 32-byte hex key
     */
    public Optional<X25519KeyPair> deviceKey(X25519 x25519) throws IOException {
        Optional<byte[]> key = readHex(DEVICE_KEY);
        return key.map(x25519::keyPair);
    }

    /**
     * The device key pair, created and stored if there is none yet.
     *
     * @throws IOException if it cannot be read or written
     */
    public X25519KeyPair deviceKeyOrCreate(X25519 x25519) throws IOException {
        Optional<X25519KeyPair> existing = deviceKey(x25519);
        if (existing.isPresent()) {
            return existing.get();
        }
        X25519KeyPair created = x25519.generateKeyPair();
        AtomicFiles.write(dir.resolve(DEVICE_KEY), hexLine(created.privateKey()), true);
        return created;
    }

    /**
     * The registered account, if a registration was verified.
     *
     * @throws IOException if {@code account.properties} exists but cannot be read or lacks a valid user
     */
    public Optional<Account> account() throws IOException {
        Path file = dir.resolve(ACCOUNT);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        try {
            UserId user = UserId.fromAddress(properties.getProperty("user", ""));
            return Optional.of(new Account(user, Integer.parseInt(properties.getProperty("device", "0"))));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is not a valid account file: " + e.getMessage(), e);
        }
    }

    /**
     * Stores the account.
     *
     * @throws IOException if it cannot be written
     */
    public void saveAccount(Account account) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("phone", account.user().phone());
        properties.setProperty("user", account.user().address());
        properties.setProperty("device", Integer.toString(account.device()));
        StringWriter out = new StringWriter();
        properties.store(out, "Switchboard account of this device");
        AtomicFiles.write(dir.resolve(ACCOUNT), out.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The pinned server static key, if one was learned.
     *
     * @throws IOException if {@code server.key} exists but cannot be read or is not a 32-byte hex key
     */
    public Optional<byte[]> serverKey() throws IOException {
        return readHex(SERVER_KEY);
    }

    /**
     * Pins the server's static key.
     *
     * @throws IOException if it cannot be written
     */
    public void saveServerKey(byte[] key) throws IOException {
        AtomicFiles.write(dir.resolve(SERVER_KEY), hexLine(key));
    }

    /**
     * This device's message id counter.
     *
     * @throws IOException if {@code next-id} exists but cannot be read
     */
    public MessageIdAllocator messageIds() throws IOException {
        return MessageIdAllocator.open(dir.resolve(NEXT_ID));
    }

    private Optional<byte[]> readHex(String name) throws IOException {
        Path file = dir.resolve(name);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        try {
            byte[] key = HexFormat.of().parseHex(text);
            if (key.length != X25519.KEY_LENGTH) {
                throw new IOException(file + " must hold a " + X25519.KEY_LENGTH + "-byte key in hex");
            }
            return Optional.of(key);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " does not hold a hex key", e);
        }
    }

    private static byte[] hexLine(byte[] key) {
        return (HexFormat.of().formatHex(key) + "\n").getBytes(StandardCharsets.US_ASCII);
    }
}

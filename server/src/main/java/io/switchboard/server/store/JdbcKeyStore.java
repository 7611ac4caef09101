// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import io.switchboard.protocol.id.UserId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@link KeyStore} on JDBC: counts on the reader threads; uploads and fetches, which write, through the store's
 * single writer, each in a savepoint of its round's transaction. A one-time key leaves the pool by
 * {@code DELETE … RETURNING} of the row a sub-select picked; on PostgreSQL the sub-select skips rows other nodes'
 * fetches hold locked, so concurrent fetches across a cluster take different keys. A deleted row cannot be returned
 * again, which is the whole guarantee against handing a key out twice.
 */
final class JdbcKeyStore implements KeyStore {

    private static final String DEVICE = "SELECT device_id, registration_id, identity_key, signed_prekey_id,"
            + " signed_prekey, signed_prekey_sig, last_resort_kyber_id, last_resort_kyber, last_resort_kyber_sig"
            + " FROM device_keys WHERE user_id = ? ORDER BY device_id LIMIT 1";
    private static final String IDENTITY = "SELECT identity_key FROM device_keys WHERE user_id = ? AND device_id = ?";
    private static final String DELETE_DEVICE = "DELETE FROM device_keys WHERE user_id = ? AND device_id = ?";
    private static final String INSERT_DEVICE = "INSERT INTO device_keys (user_id, device_id, registration_id,"
            + " identity_key, signed_prekey_id, signed_prekey, signed_prekey_sig, last_resort_kyber_id,"
            + " last_resort_kyber, last_resort_kyber_sig, updated_at, low_notified)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)";
    private static final String CLEAR_LOW = "UPDATE device_keys SET low_notified = 0 WHERE user_id = ?"
            + " AND device_id = ?";
    private static final String MARK_LOW = "UPDATE device_keys SET low_notified = 1 WHERE user_id = ?"
            + " AND device_id = ? AND low_notified = 0";
    private static final String DELETE_POOLS = "DELETE FROM one_time_prekey WHERE user_id = ? AND device_id = ?";
    private static final String COUNT = "SELECT kind, COUNT(*) FROM one_time_prekey WHERE user_id = ?"
            + " AND device_id = ? GROUP BY kind";
    private static final String INSERT_KEY = "INSERT INTO one_time_prekey (user_id, device_id, kind, key_id,"
            + " public_key, signature) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
    private static final String CONTACTS = "SELECT contact FROM key_contact WHERE user_id = ? ORDER BY contact";
    private static final String ADD_CONTACT = "INSERT INTO key_contact (user_id, contact) VALUES (?, ?)"
            + " ON CONFLICT DO NOTHING";

    private final JdbcExecutor executor;
    private final GroupCommitter writer;
    private final Clock clock;
    private final String takeKey;

    JdbcKeyStore(JdbcExecutor executor, GroupCommitter writer, Dialect dialect, Clock clock) {
        this.executor = executor;
        this.writer = writer;
        this.clock = clock;
        this.takeKey = "DELETE FROM one_time_prekey WHERE user_id = ? AND device_id = ? AND kind = ? AND key_id ="
                + " (SELECT key_id FROM one_time_prekey WHERE user_id = ? AND device_id = ? AND kind = ?"
                + " ORDER BY key_id LIMIT 1" + dialect.skipLocked() + ") RETURNING key_id, public_key, signature";
    }

    @Override
    public CompletableFuture<KeyUploadResult> upload(UserId user, int deviceId, DeviceKeys device,
                                                     List<SignedPreKey> ecPreKeys, List<SignedPreKey> kyberPreKeys,
                                                     int maxPool) {
        List<SignedPreKey> ec = List.copyOf(ecPreKeys);
        List<SignedPreKey> kyber = List.copyOf(kyberPreKeys);
        return writer.run(c -> {
            Optional<byte[]> stored = identity(c, user, deviceId);
            boolean changed = device != null && stored.isPresent()
                    && !Arrays.equals(stored.get(), device.identityKey());
            if (device == null && stored.isEmpty()) {
                return new KeyUploadResult.NoDeviceKeys();
            }
            // A changed identity empties the pools below, so only the new keys count against the bound.
            int[] counts = changed ? new int[2] : counts(c, user, deviceId);
            if (counts[0] + ec.size() > maxPool) {
                return new KeyUploadResult.PoolFull(PreKeyKind.EC, counts[0], ec.size(), maxPool);
            }
            if (counts[1] + kyber.size() > maxPool) {
                return new KeyUploadResult.PoolFull(PreKeyKind.KYBER, counts[1], kyber.size(), maxPool);
            }
            if (changed) {
                update(c, DELETE_POOLS, user, deviceId);
            }
            if (device != null) {
                update(c, DELETE_DEVICE, user, deviceId);
                insertDevice(c, user, deviceId, device);
            } else {
                update(c, CLEAR_LOW, user, deviceId);
            }
            insertKeys(c, user, deviceId, PreKeyKind.EC, ec);
            insertKeys(c, user, deviceId, PreKeyKind.KYBER, kyber);
            List<UserId> contacts = changed ? contacts(c, user) : List.of();
            int[] after = counts(c, user, deviceId);
            return new KeyUploadResult.Uploaded(changed, contacts, after[0], after[1]);
        });
    }

    @Override
    public CompletableFuture<BundleFetch> fetch(UserId owner, UserId fetcher, int lowWater) {
        return writer.run(c -> {
            DeviceRow row = device(c, owner);
            if (row == null) {
                return new BundleFetch(Optional.empty(), false);
            }
            Optional<SignedPreKey> ec = take(c, owner, row.deviceId(), PreKeyKind.EC);
            Optional<SignedPreKey> kyber = take(c, owner, row.deviceId(), PreKeyKind.KYBER);
            if (!owner.equals(fetcher)) {
                try (PreparedStatement ps = c.prepareStatement(ADD_CONTACT)) {
                    ps.setString(1, owner.digits());
                    ps.setString(2, fetcher.digits());
                    ps.executeUpdate();
                }
            }
            int[] left = counts(c, owner, row.deviceId());
            boolean low = (left[0] < lowWater || left[1] < lowWater)
                    && update(c, MARK_LOW, owner, row.deviceId()) == 1;
            KeyBundle bundle = new KeyBundle(owner, row.deviceId(), row.keys(),
                    kyber.orElse(row.keys().lastResortKyber()), kyber.isEmpty(), ec);
            return new BundleFetch(Optional.of(bundle), low);
        });
    }

    @Override
    public CompletableFuture<KeyCounts> counts(UserId user, int deviceId) {
        return executor.call(c -> {
            int[] counts = counts(c, user, deviceId);
            return new KeyCounts(identity(c, user, deviceId), counts[0], counts[1]);
        });
    }

    private record DeviceRow(int deviceId, DeviceKeys keys) {
    }

    private static DeviceRow device(Connection c, UserId owner) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(DEVICE)) {
            ps.setString(1, owner.digits());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new DeviceRow(rs.getInt(1), new DeviceKeys(rs.getInt(2), rs.getBytes(3),
                        new SignedPreKey(rs.getInt(4), rs.getBytes(5), rs.getBytes(6)),
                        new SignedPreKey(rs.getInt(7), rs.getBytes(8), rs.getBytes(9))));
            }
        }
    }

    private Optional<SignedPreKey> take(Connection c, UserId owner, int deviceId, PreKeyKind kind)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(takeKey)) {
            for (int offset : new int[] {0, 3}) {
                ps.setString(offset + 1, owner.digits());
                ps.setInt(offset + 2, deviceId);
                ps.setInt(offset + 3, kind.code());
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new SignedPreKey(rs.getInt(1), rs.getBytes(2), rs.getBytes(3)))
                        : Optional.empty();
            }
        }
    }

    private static Optional<byte[]> identity(Connection c, UserId user, int deviceId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(IDENTITY)) {
            ps.setString(1, user.digits());
            ps.setInt(2, deviceId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
            }
        }
    }

    /** {EC count, Kyber count}. */
    private static int[] counts(Connection c, UserId user, int deviceId) throws SQLException {
        int[] counts = new int[2];
        try (PreparedStatement ps = c.prepareStatement(COUNT)) {
            ps.setString(1, user.digits());
            ps.setInt(2, deviceId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts[rs.getInt(1) == PreKeyKind.EC.code() ? 0 : 1] = rs.getInt(2);
                }
            }
        }
        return counts;
    }

    private static int update(Connection c, String sql, UserId user, int deviceId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, user.digits());
            ps.setInt(2, deviceId);
            return ps.executeUpdate();
        }
    }

    private void insertDevice(Connection c, UserId user, int deviceId, DeviceKeys device) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_DEVICE)) {
            ps.setString(1, user.digits());
            ps.setInt(2, deviceId);
            ps.setInt(3, device.registrationId());
            ps.setBytes(4, device.identityKey());
            ps.setInt(5, device.signedPreKey().id());
            ps.setBytes(6, device.signedPreKey().publicKey());
            ps.setBytes(7, device.signedPreKey().signature());
            ps.setInt(8, device.lastResortKyber().id());
            ps.setBytes(9, device.lastResortKyber().publicKey());
            ps.setBytes(10, device.lastResortKyber().signature());
            ps.setLong(11, clock.millis());
            ps.executeUpdate();
        }
    }

    private static void insertKeys(Connection c, UserId user, int deviceId, PreKeyKind kind, List<SignedPreKey> keys)
            throws SQLException {
        if (keys.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT_KEY)) {
            for (SignedPreKey key : keys) {
                ps.setString(1, user.digits());
                ps.setInt(2, deviceId);
                ps.setInt(3, kind.code());
                ps.setInt(4, key.id());
                ps.setBytes(5, key.publicKey());
                ps.setBytes(6, key.signature());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static List<UserId> contacts(Connection c, UserId user) throws SQLException {
        List<UserId> contacts = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(CONTACTS)) {
            ps.setString(1, user.digits());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    contacts.add(new UserId(rs.getString(1)));
                }
            }
        }
        return contacts;
    }
}

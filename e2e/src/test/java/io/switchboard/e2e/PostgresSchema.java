// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

/**
 * A throw-away schema in the PostgreSQL test database (127.0.0.1:5432, database {@code test}, trust auth), for
 * server processes that share one store; {@link #close()} drops it.
 */
record PostgresSchema(String name, String user) implements AutoCloseable {
    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final List<String> USERS = List.of("postgres", "root");

    static PostgresSchema create() throws SQLException {
        String name = "sb_e2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        SQLException last = null;
        for (String user : USERS) {
            try (Connection c = DriverManager.getConnection(URL, user, ""); Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + name);
                return new PostgresSchema(name, user);
            } catch (SQLException e) {
                last = e;
            }
        }
        throw new SQLException("PostgreSQL is needed for the cluster tests and is unreachable at " + URL
                + " as postgres or root (trust auth). CI starts it (.ci/run); locally: pg_ctlcluster <version> main"
                + " start", last);
    }

    String jdbcUrl() {
        return URL + "?currentSchema=" + name;
    }

    /** A server configuration file naming this schema's user, with registration limits lifted for tests. */
    Path serverConfig(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path conf = dir.resolve("cluster.conf");
        Files.writeString(conf, "switchboard.store.user = \"" + user + "\"\n"
                + "switchboard.registration.codes-per-address-per-hour = 1000000\n"
                + "switchboard.limits.messages { per-second = 1000000, burst = 1000000 }\n");
        return conf;
    }

    /** The first column of the first row {@code sql} returns in this schema, or null when there is no row. */
    String queryString(String sql, Object... parameters) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl(), user, "");
             java.sql.PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setObject(i + 1, parameters[i]);
            }
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, user, ""); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
        }
    }
}

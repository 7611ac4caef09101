// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.e2e;

import io.switchboard.testkit.Await;
import io.switchboard.testkit.ServerProcess;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * N server processes in one Pekko cluster on one throw-away PostgreSQL schema. Every node lists every node's
 * cluster port as a seed, so a restarted node (even the first) joins the running cluster instead of founding a
 * new one, and every node has the same server key, so a client may reconnect to any of them.
 */
final class TestCluster implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(120);

    private final PostgresSchema schema;
    private final List<ServerProcess> nodes = new ArrayList<>();
    private final List<Users> users = new ArrayList<>();

    private TestCluster(PostgresSchema schema) {
        this.schema = schema;
    }

    static TestCluster start(Path dir, int size) throws Exception {
        return start(dir, java.util.Collections.nCopies(size, null));
    }

    /**
     * One node per entry of {@code datacenters}, each started with {@code --datacenter} of that entry (none when
     * null).
     */
    static TestCluster start(Path dir, List<String> datacenters) throws Exception {
        int size = datacenters.size();
        TestCluster cluster = new TestCluster(PostgresSchema.create());
        try {
            Path conf = cluster.schema.serverConfig(dir);
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                ports.add(freePort());
            }
            String seeds = ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
            for (int i = 0; i < size; i++) {
                Path data = dir.resolve("node" + i);
                if (i > 0) {
                    Files.createDirectories(data);
                    Files.copy(dir.resolve("node0").resolve("server.key"), data.resolve("server.key"));
                }
                List<String> args = new ArrayList<>(List.of("--store", "postgres", "--jdbc-url",
                        cluster.schema.jdbcUrl(), "--config", conf.toString(), "--cluster-seeds", seeds,
                        "--cluster-port", Integer.toString(ports.get(i))));
                if (datacenters.get(i) != null) {
                    args.addAll(List.of("--datacenter", datacenters.get(i)));
                }
                cluster.nodes.add(ServerProcess.start(data, args.toArray(new String[0])));
            }
            cluster.awaitMembersUp(size);
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    ServerProcess node(int i) {
        return nodes.get(i);
    }

    /** The shared store, for tests that check what it recorded. */
    PostgresSchema schema() {
        return schema;
    }

    List<ServerProcess> nodes() {
        return List.copyOf(nodes);
    }

    /**
     * One {@link Users} per node, whose clients know only that node; number prefixes {@code firstPrefix},
     * {@code firstPrefix + 1}, … keep the users of different test classes apart. Closed with the cluster.
     */
    List<Users> usersOnEachNode(Path dir, int firstPrefix) {
        List<Users> perNode = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            perNode.add(new Users(nodes.get(i), dir.resolve("clients" + i), firstPrefix + i));
        }
        users.addAll(perNode);
        return perNode;
    }

    /** Waits until every running node counts {@code n} members up. */
    void awaitMembersUp(int n) {
        for (ServerProcess node : nodes) {
            if (node.isRunning()) {
                Await.until("node on port " + node.port() + " sees " + n + " members up", WAIT,
                        () -> Metrics.of(node).value("switchboard_cluster_members_up").equals(n + ".0"));
            }
        }
    }

    @Override
    public void close() throws Exception {
        users.forEach(Users::close);
        for (ServerProcess node : nodes) {
            node.close();
        }
        schema.close();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.e2e;

import io.switchboard.testkit.Await;
import io.switchboard.testkit.ServerProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * N server processes in one Pekko cluster on one throw-away PostgreSQL schema. Each node binds cluster port 0 and
 * reports the port it got, so no port is probed free here and taken by someone else before the child binds it.
 * The first node founds the cluster (no seeds: it joins itself); later nodes join through the first one's port. A
 * restarted node is given the nodes running then as seeds and never itself, so it keeps trying to join the
 * running cluster instead of founding a second one when the others are slow to answer (a node that lists itself
 * first founds a cluster of its own after {@code seed-node-timeout}). Every node has the same server key, so a
 * client may reconnect to any of them, and the same admin token ({@link #ADMIN_TOKEN}).
 */
final class TestCluster implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(120);
    /** Every node's admin token: {@code /entity} answers only with one. {@link Metrics} sends it to any server. */
    static final String ADMIN_TOKEN = "e2e-admin-token-0123456789";

    private final PostgresSchema schema;
    private final List<ServerProcess> nodes = new ArrayList<>();
    private final List<Users> users = new ArrayList<>();
    private final List<String> datacenters = new ArrayList<>();
    private Path conf;

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
            cluster.conf = cluster.schema.serverConfig(dir);
            // A node that stops answering is downed 2 s after the failure detector gives up on it, not 5 s: the
            // tests wait for that on every kill and freeze, and 2 s still outlasts a pause on a busy machine
            // (production keeps reference.conf's 5 s).
            Files.writeString(cluster.conf, "pekko.cluster.split-brain-resolver.stable-after = 2s\n",
                    java.nio.file.StandardOpenOption.APPEND);
            cluster.datacenters.addAll(datacenters);
            cluster.nodes.add(ServerProcess.start(dir.resolve("node0"), cluster.args(0, List.of())
                    .toArray(new String[0])));
            // The others start side by side: each joins through the first, and a start is mostly waiting.
            List<CompletableFuture<ServerProcess>> joining = new ArrayList<>();
            ExecutorService starting = Executors.newCachedThreadPool();
            for (int i = 1; i < size; i++) {
                Path data = dir.resolve("node" + i);
                Files.createDirectories(data);
                Files.copy(dir.resolve("node0").resolve("server.key"), data.resolve("server.key"));
                String[] args = cluster.args(i, List.of(cluster.nodes.get(0))).toArray(new String[0]);
                joining.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return ServerProcess.start(data, args);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, starting));
            }
            starting.shutdown();
            for (CompletableFuture<ServerProcess> node : joining) {
                cluster.nodes.add(node.join());
            }
            cluster.awaitMembersUp(size);
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    /**
     * Starts {@code node} again on its data and client port (where its clients look for it), joining through the
     * other nodes that are running now.
     */
    void restart(ServerProcess node) throws IOException {
        int i = nodes.indexOf(node);
        List<ServerProcess> running = nodes.stream().filter(n -> n != node && n.isRunning()).toList();
        if (running.isEmpty()) {
            throw new IllegalStateException("no running node to rejoin through");
        }
        node.restartOnSamePort(args(i, running));
    }

    private List<String> args(int i, List<ServerProcess> seeds) {
        List<String> args = new ArrayList<>(List.of("--store", "postgres", "--jdbc-url", schema.jdbcUrl(),
                "--config", conf.toString(), "--cluster-port", "0", "--admin-token", ADMIN_TOKEN));
        if (!seeds.isEmpty()) {
            args.add("--cluster-seeds");
            args.add(seeds.stream().map(n -> "127.0.0.1:" + n.clusterPort()).collect(Collectors.joining(",")));
        }
        if (datacenters.get(i) != null) {
            args.addAll(List.of("--datacenter", datacenters.get(i)));
        }
        return args;
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
        // Killed, not stopped: the cluster and its schema are thrown away, and two nodes leaving together took
        // 10 s of handing shards to each other. Graceful leaves are what aRollingRestart... tests.
        for (ServerProcess node : nodes) {
            if (node.isRunning()) {
                node.kill9();
            }
        }
        schema.close();
    }
}

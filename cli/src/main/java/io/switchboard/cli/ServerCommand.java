// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.server.ServerNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code switchboard server}: starts a node. Options override the configuration file, which overrides
 * environment variables and the defaults in the server's {@code reference.conf}. Prints one line
 * {@code switchboard: listening on HOST:PORT} once clients can connect (scripts and tests wait for it) and a second,
 * {@code switchboard: admin on HOST:PORT}, for the metrics and health port, and a third, {@code switchboard: cluster on
 * PORT}, for the port other nodes join through (so a node can bind port 0 and tell its peers which one it got);
 * then runs until interrupted.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Start a Switchboard server node (embedded store by default).")
final class ServerCommand implements Callable<Integer> {

    @Option(names = "--data", paramLabel = "DIR", description = "Data directory (default: ./data).")
    Path dataDir;

    @Option(names = "--port", converter = PortNumber.class, description = "Client TCP port (default: 5222; 0 picks a free one).")
    Integer port;

    @Option(names = "--admin-port", converter = PortNumber.class, description = "Admin HTTP port for /metrics and /health (default: 8080; 0 picks"
            + " a free one).")
    Integer adminPort;

    @Option(names = "--host", description = "Address the client port binds to (default: 127.0.0.1; 0.0.0.0 to serve"
            + " the network).")
    String host;

    @Option(names = "--admin-host", paramLabel = "ADDR", description = "Address the admin port binds to (default:"
            + " 127.0.0.1; it is not authenticated, so bind it to a private address only).")
    String adminHost;

    @Option(names = "--store", paramLabel = "embedded|postgres", description = "Store (default: embedded).")
    String store;

    @Option(names = "--jdbc-url", description = "JDBC URL of the store (default: the embedded database in DIR).")
    String jdbcUrl;

    @Option(names = "--dev", description = "Development mode: registration replies carry the code. Never in"
            + " production.")
    boolean dev;

    @Option(names = "--cluster-seeds", paramLabel = "HOST:PORT", split = ",", description = "Cluster mode: the"
            + " cluster ports of the seed nodes (list this node too on the first seed). Needs --store postgres.")
    List<String> clusterSeeds;

    @Option(names = "--cluster-port", description = "This node's cluster port (default: any free one).")
    Integer clusterPort;

    @Option(names = "--cluster-host", description = "The address other nodes reach this node's cluster port at"
            + " (default: 127.0.0.1).")
    String clusterHost;

    @Option(names = "--datacenter", paramLabel = "NAME", description = "Cluster mode across datacenters: the"
            + " datacenter of this node. Each user and group has a home datacenter where its entity runs; name the"
            + " datacenter on every node of such a cluster (default: one unnamed datacenter).")
    String datacenter;

    @Option(names = "--config", paramLabel = "FILE", description = "A HOCON configuration file.")
    Path configFile;

    @Option(names = "--admin-token", paramLabel = "TOKEN", description = "Bearer token the admin port asks for on"
            + " every endpoint but /health, and always on /entity (default: $SWITCHBOARD_ADMIN_TOKEN, which the"
            + " process list does not show; none).")
    String adminToken;

    private final PrintStream out;

    ServerCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        if (configFile != null && !Files.isReadable(configFile)) {
            System.err.println("switchboard: cannot read the configuration file " + configFile);
            return 2;
        }
        Config config = ConfigFactory.parseMap(overrides())
                .withFallback(configFile == null ? ConfigFactory.empty() : ConfigFactory.parseFile(configFile.toFile()))
                .withFallback(ConfigFactory.load())
                .resolve();
        LogLevels.apply(config);
        ListenerPorts listeners = ListenerPorts.of(config);
        Optional<String> unavailable = listeners.firstProblem();
        if (unavailable.isPresent()) {
            System.err.println("switchboard: " + unavailable.get());
            return 1;
        }
        ServerNode node;
        try {
            node = ServerNode.start(config);
        } catch (Exception e) {
            Optional<String> bind = listeners.explainStartFailure(e);
            if (bind.isEmpty()) {
                throw e;
            }
            System.err.println("switchboard: " + bind.get());
            return 1;
        }
        // SIGTERM and Ctrl-C stop the node gracefully and the process exits 0: an orderly stop, not a failure.
        // The hook covers every other way the JVM may end.
        Runtime.getRuntime().addShutdownHook(new Thread(node::close, "switchboard-shutdown"));
        for (String name : new String[] {"TERM", "INT"}) {
            sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> new Thread(node::close,
                    "switchboard-stop").start());
        }
        out.println("switchboard: listening on " + ListenerPorts.hostPort(listeners.client().host(), node.port()));
        out.println("switchboard: admin on " + ListenerPorts.hostPort(listeners.admin().host(), node.adminPort()));
        out.println("switchboard: cluster on " + node.system().address().getPort().orElse(0));
        out.flush();
        if (!node.awaitTermination()) {
            System.err.println("switchboard: the cluster removed this node (it was unreachable); start it again to"
                    + " rejoin");
            return 3;
        }
        return 0;
    }

    private Map<String, Object> overrides() {
        Map<String, Object> map = new HashMap<>();
        if (dataDir != null) {
            map.put("switchboard.data-dir", dataDir.toString());
        }
        if (port != null) {
            map.put("switchboard.transport.port", port);
        }
        if (adminPort != null) {
            map.put("switchboard.admin.port", adminPort);
        }
        if (host != null) {
            map.put("switchboard.transport.host", host);
        }
        if (adminHost != null) {
            map.put("switchboard.admin.host", adminHost);
        }
        if (store != null) {
            map.put("switchboard.store.kind", store);
        }
        if (jdbcUrl != null) {
            map.put("switchboard.store.jdbc-url", jdbcUrl);
        }
        if (dev) {
            map.put("switchboard.dev", true);
        }
        if (clusterSeeds != null) {
            map.put("pekko.cluster.seed-nodes", clusterSeeds.stream().map(ServerCommand::seedNode).toList());
        }
        if (clusterPort != null) {
            map.put("pekko.remote.artery.canonical.port", clusterPort);
        }
        if (datacenter != null) {
            map.put("pekko.cluster.multi-data-center.self-data-center", datacenter);
        }
        if (clusterHost != null) {
            map.put("pekko.remote.artery.canonical.hostname", clusterHost);
        }
        if (adminToken != null) {
            map.put("switchboard.admin.token", adminToken);
        }
        return map;
    }

    private static String seedNode(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1 || !hostPort.substring(colon + 1).chars()
                .allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("a cluster seed must be HOST:PORT (its cluster port), was '" + hostPort
                    + "'");
        }
        return "pekko://switchboard@" + hostPort;
    }
}

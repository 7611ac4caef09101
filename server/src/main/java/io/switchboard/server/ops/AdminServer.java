// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The admin HTTP port (the JDK's HTTP server): {@code GET /metrics} in the Prometheus text format 0.0.4;
 * {@code GET /health}, 200 when the node is ready, else 503, with a JSON body that starts with the status word
 * ({@code "ready"}, {@code "starting"} or {@code "stopping"}) and, on a cluster node, goes on with the cluster as
 * this node sees it ({@link ClusterHealth}): {@code {"status":"ready","members_up":3,"members_unreachable":0,
 * "datacenter":"default"}}; {@code GET /cluster}, the members and their shards as JSON ({@link ClusterView}); and,
 * with an {@link EntityLocator}, {@code GET /entity?type=User&id=…} (an entity's home and whether this node runs it)
 * and {@code POST /entity/home?type=…&id=…&dc=…} (an operator moves a home; the one POST).
 * Unreachable members do not make a node unready: the split brain resolver downs one side, and until it does this
 * node still serves its clients (the counts are there so that operators see it). Anything else is 404 (405 for
 * another method). Bounded: two threads and a queue of 64 requests (past that the accepting thread serves the
 * request itself, so accepting slows down); request bodies are never read. {@link #close()} stops it within a
 * second.
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final int THREADS = 2;
    private static final int QUEUED_REQUESTS = 64;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer http;
    private final ExecutorService pool;
    private final ServerMetrics metrics;
    private final Readiness readiness;
    private final Supplier<Optional<ClusterHealth>> clusterHealth;
    private final Supplier<String> cluster;
    private final Optional<EntityLocator> entities;
    private volatile boolean closing;

    private AdminServer(HttpServer http, ExecutorService pool, ServerMetrics metrics, Readiness readiness,
                        Supplier<Optional<ClusterHealth>> clusterHealth, Supplier<String> cluster,
                        Optional<EntityLocator> entities) {
        this.http = http;
        this.pool = pool;
        this.metrics = metrics;
        this.readiness = readiness;
        this.clusterHealth = clusterHealth;
        this.cluster = cluster;
        this.entities = entities;
    }

    /**
     * Binds {@code settings.host():settings.port()} and starts serving, for a server outside a cluster:
     * {@code /health} carries only the status and {@code /cluster} answers {@code {}}.
     *
     * @throws IOException if the port cannot be bound
     */
    public static AdminServer start(AdminSettings settings, ServerMetrics metrics, Readiness readiness)
            throws IOException {
        return serve(settings, metrics, readiness, Optional::empty, () -> "{}", Optional.empty());
    }

    /**
     * As {@link #start(AdminSettings, ServerMetrics, Readiness)}, for a cluster node: {@code /health} adds
     * {@code clusterHealth} (read on every call, so it must not block) and {@code GET /cluster} is answered by
     * {@code cluster} (JSON; see {@link ClusterView}).
     *
     * @throws IOException if the port cannot be bound
     */
    public static AdminServer start(AdminSettings settings, ServerMetrics metrics, Readiness readiness,
                                    Supplier<ClusterHealth> clusterHealth, Supplier<String> cluster)
            throws IOException {
        return serve(settings, metrics, readiness, () -> Optional.of(clusterHealth.get()), cluster, Optional.empty());
    }

    /** As the cluster node's {@code start} above, with {@code /entity} answered by {@code entities}. */
    public static AdminServer start(AdminSettings settings, ServerMetrics metrics, Readiness readiness,
                                    Supplier<ClusterHealth> clusterHealth, Supplier<String> cluster,
                                    EntityLocator entities) throws IOException {
        return serve(settings, metrics, readiness, () -> Optional.of(clusterHealth.get()), cluster,
                Optional.of(entities));
    }

    private static AdminServer serve(AdminSettings settings, ServerMetrics metrics, Readiness readiness,
                                     Supplier<Optional<ClusterHealth>> clusterHealth, Supplier<String> cluster,
                                     Optional<EntityLocator> entities) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 0);
        ExecutorService pool = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(QUEUED_REQUESTS), r -> {
                    Thread t = new Thread(r, "switchboard-admin");
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        AdminServer server = new AdminServer(http, pool, metrics, readiness, clusterHealth, cluster, entities);
        http.createContext("/", server::handle);
        http.setExecutor(pool);
        http.start();
        log.info("admin port {}: /metrics, /health, /cluster{}", server.port(), entities.isPresent() ? ", /entity" : "");
        return server;
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return http.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (entities.isPresent() && (path.equals("/entity") || path.equals("/entity/home"))) {
                entity(exchange, path, entities.get());
            } else if (!path.equals("/metrics") && !path.equals("/health") && !path.equals("/cluster")) {
                respond(exchange, 404, "text/plain; charset=utf-8", "not found\n");
            } else if (!exchange.getRequestMethod().equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET");
                respond(exchange, 405, "text/plain; charset=utf-8", "only GET\n");
            } else if (path.equals("/metrics")) {
                respond(exchange, 200, PROMETHEUS_TEXT, metrics.scrape());
            } else if (path.equals("/cluster")) {
                respond(exchange, 200, "application/json", cluster.get());
            } else {
                Readiness.Status status = closing ? Readiness.Status.STOPPING : readiness.check();
                respond(exchange, status == Readiness.Status.READY ? 200 : 503, "application/json",
                        health(status, clusterHealth.get()));
            }
        }
    }

    private static void entity(HttpExchange exchange, String path, EntityLocator entities) throws IOException {
        String method = path.equals("/entity") ? "GET" : "POST";
        if (!exchange.getRequestMethod().equals(method)) {
            exchange.getResponseHeaders().set("Allow", method);
            respond(exchange, 405, "text/plain; charset=utf-8", "only " + method + "\n");
            return;
        }
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        EntityLocator.Answer answer = method.equals("GET") ? entities.find(query.get("type"), query.get("id"))
                : entities.move(query.get("type"), query.get("id"), query.get("dc"));
        respond(exchange, answer.status(), "application/json", answer.json());
    }

    /** {@code a=1&b=2} as a map; a key given twice keeps its last value. Bounded by the JDK's request line limit. */
    private static Map<String, String> query(String raw) {
        Map<String, String> values = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }

    /** The {@code /health} body; the status comes first, where {@code switchboard admin stats} looks for it. */
    private static String health(Readiness.Status status, Optional<ClusterHealth> cluster) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status.status());
        cluster.ifPresent(c -> {
            body.put("members_up", c.membersUp());
            body.put("members_unreachable", c.membersUnreachable());
            body.put("datacenter", c.datacenter());
        });
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings and numbers is always JSON", e);
        }
    }

    private static void respond(HttpExchange exchange, int code, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        closing = true;
        http.stop(1);
        pool.shutdownNow();
    }
}

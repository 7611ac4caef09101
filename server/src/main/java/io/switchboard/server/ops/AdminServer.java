// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.server.ops.admin.AdminListener;
import io.switchboard.server.ops.admin.AdminRequest;
import io.switchboard.server.ops.admin.AdminResponse;
import io.switchboard.server.ops.admin.AdminRoute;
import io.switchboard.server.ops.admin.AdminRoute.Access;
import io.switchboard.server.ops.admin.AdminRoute.Lane;
import io.switchboard.server.ops.admin.AdminRouter;
import io.switchboard.server.ops.admin.BearerToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The admin HTTP port and what it answers: {@code GET /metrics} in the Prometheus text format 0.0.4;
 * {@code GET /health}, 200 when the node is ready, else 503, with a JSON body that starts with the status word
 * ({@code "ready"}, {@code "starting"} or {@code "stopping"}) and, on a cluster node, goes on with the cluster as
 * this node sees it ({@link ClusterHealth}): {@code {"status":"ready","members_up":3,"members_unreachable":0,
 * "datacenter":"default"}}; {@code GET /cluster}, the members and their shards as JSON ({@link ClusterView}); and,
 * with an {@link EntityLocator}, {@code GET /entity?type=User&id=…} (an entity's home and whether this node runs it)
 * and {@code POST /entity/home?type=…&id=…&dc=…} (an operator moves a home; the one POST).
 * Unreachable members do not make a node unready: the split brain resolver downs one side, and until it does this
 * node still serves its clients (the counts are there so that operators see it). Anything else is 404 (405 for
 * another method).
 *
 * <p>With a token configured, every endpoint but {@code /health} needs {@code Authorization: Bearer TOKEN} (401
 * otherwise); {@code /entity}, which tells whether a number is active now, needs it always (403 when none is
 * configured). The HTTP side, with its deadlines and bounds, is {@link AdminListener}'s; {@link #close()} stops it
 * within a second.
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Set by {@link #close()}: {@code /health} says stopping from then on. */
    private final AtomicBoolean closing;
    private final AdminListener listener;

    private AdminServer(AtomicBoolean closing, AdminListener listener) {
        this.closing = closing;
        this.listener = listener;
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
     * {@code clusterHealth} and {@code GET /cluster} is answered by {@code cluster} (JSON; see {@link ClusterView}).
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
        AtomicBoolean closing = new AtomicBoolean();
        Optional<BearerToken> token = settings.token().isEmpty() ? Optional.empty()
                : Optional.of(new BearerToken(settings.token()));
        AdminRouter.Builder routes = new AdminRouter.Builder(token)
                .route("/metrics", new AdminRoute("GET", Access.TOKEN_IF_CONFIGURED, Lane.PROBE,
                        request -> AdminResponse.of(200, PROMETHEUS_TEXT, metrics.scrape())))
                .route("/health", new AdminRoute("GET", Access.OPEN, Lane.PROBE,
                        request -> health(closing.get(), readiness, clusterHealth)))
                .route("/cluster", new AdminRoute("GET", Access.TOKEN_IF_CONFIGURED, Lane.OPERATOR,
                        request -> AdminResponse.json(200, cluster.get())));
        entities.ifPresent(locator -> routes
                .route("/entity", new AdminRoute("GET", Access.TOKEN_REQUIRED, Lane.OPERATOR,
                        request -> answer(locator.find(request.query().get("type"), request.query().get("id")))))
                .route("/entity/home", new AdminRoute("POST", Access.TOKEN_REQUIRED, Lane.OPERATOR,
                        request -> move(locator, request))));
        AdminServer server = new AdminServer(closing,
                AdminListener.bind(settings.host(), settings.port(), settings.bounds(), routes.build()));
        log.info("admin port {}: /metrics, /health, /cluster{} ({})", server.port(),
                entities.isPresent() ? ", /entity" : "", token.isPresent() ? "bearer token needed but for /health"
                        : "no token: anyone who reaches the port reads /metrics and /cluster");
        return server;
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return listener.port();
    }

    private static AdminResponse health(boolean closing, Readiness readiness,
                                        Supplier<Optional<ClusterHealth>> clusterHealth) {
        Readiness.Status status = closing ? Readiness.Status.STOPPING : readiness.check();
        return AdminResponse.json(status == Readiness.Status.READY ? 200 : 503, health(status, clusterHealth.get()));
    }

    private static AdminResponse move(EntityLocator locator, AdminRequest request) {
        Map<String, String> query = request.query();
        return answer(locator.move(query.get("type"), query.get("id"), query.get("dc")));
    }

    private static AdminResponse answer(EntityLocator.Answer answer) {
        return AdminResponse.json(answer.status(), answer.json());
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

    @Override
    public void close() {
        closing.set(true);
        listener.close();
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.ops.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Decides, without blocking, what becomes of a request: an unknown path is 404; a route that needs the token and does
 * not get it is 401 (403 when the route needs a token and none is configured); another method is 405; else the
 * route runs. Paths match exactly ({@code /metrics/x} is 404). Thread-safe once built.
 */
public final class AdminRouter {
    private final Map<String, AdminRoute> routes;
    private final Optional<BearerToken> token;

    private AdminRouter(Map<String, AdminRoute> routes, Optional<BearerToken> token) {
        this.routes = Map.copyOf(routes);
        this.token = token;
    }

    /** The outcome for one request: answer at once, or run a route. */
    public sealed interface Dispatch {
    }

    /** Answer at once, from the event loop. */
    public record Refuse(AdminResponse response) implements Dispatch {
    }

    /** Run {@code route} in its lane. */
    public record Run(AdminRoute route) implements Dispatch {
    }

    public Dispatch dispatch(AdminRequest request) {
        AdminRoute route = routes.get(request.path());
        if (route == null) {
            return new Refuse(AdminResponse.text(404, "not found"));
        }
        Optional<AdminResponse> refused = access(route, request);
        if (refused.isPresent()) {
            return new Refuse(refused.get());
        }
        if (!route.method().equals(request.method())) {
            return new Refuse(AdminResponse.text(405, "only " + route.method()).withHeader("Allow", route.method()));
        }
        return new Run(route);
    }

    private Optional<AdminResponse> access(AdminRoute route, AdminRequest request) {
        if (route.access() == AdminRoute.Access.OPEN) {
            return Optional.empty();
        }
        if (token.isEmpty()) {
            return route.access() == AdminRoute.Access.TOKEN_REQUIRED
                    ? Optional.of(AdminResponse.text(403, request.path() + " tells whether a number is active now,"
                    + " so it needs a token: start the server with --admin-token TOKEN (switchboard.admin.token)"
                    + " and call with Authorization: Bearer TOKEN"))
                    : Optional.empty();
        }
        return token.get().matches(request.authorization()) ? Optional.empty()
                : Optional.of(AdminResponse.text(401, "this admin port needs Authorization: Bearer TOKEN, with the"
                + " token the server was started with (switchboard admin ... --admin-token TOKEN)")
                .withHeader("WWW-Authenticate", "Bearer realm=\"switchboard-admin\""));
    }

    /** Builds a router; later routes for the same path replace earlier ones. */
    public static final class Builder {
        private final Map<String, AdminRoute> routes = new LinkedHashMap<>();
        private final Optional<BearerToken> token;

        /** {@code token} empty: no token is configured. */
        public Builder(Optional<BearerToken> token) {
            this.token = token;
        }

        public Builder route(String path, AdminRoute route) {
            routes.put(path, route);
            return this;
        }

        public AdminRouter build() {
            return new AdminRouter(routes, token);
        }
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.ops.admin;

import java.util.function.Function;

/**
 * One endpoint of the admin port: the method it answers, who may call it, and the lane its handler runs in. Every
 * handler may block (a store query, an ask to the cluster), so none runs on the event loop; each must bound its own
 * wait, and {@link AdminLanes} bounds how many run at once.
 *
 * @param method  the one method allowed (anything else is 405)
 * @param access  whether the bearer token is needed
 * @param lane    which bounded pool runs the handler
 * @param handler the answer; may block, never for longer than its own timeout
 */
public record AdminRoute(String method, Access access, Lane lane, Function<AdminRequest, AdminResponse> handler) {

    /** Who may call a route. */
    public enum Access {
        /** Anyone: {@code /health}, which load balancers and orchestrators probe without credentials. */
        OPEN,
        /** Anyone when no token is configured, else only with it. */
        TOKEN_IF_CONFIGURED,
        /** Only with the token; without a configured token the route is refused with 403. */
        TOKEN_REQUIRED
    }

    /**
     * The pools handlers run in. Probes get their own, so that an operator's slow {@code /cluster} calls never
     * make an orchestrator's {@code /health} wait.
     */
    public enum Lane {
        /** {@code /health} and {@code /metrics}: frequent, each bounded by a store timeout of a few seconds. */
        PROBE,
        /** {@code /cluster} and {@code /entity}: rare, and each may wait on several asks to the cluster. */
        OPERATOR
    }
}

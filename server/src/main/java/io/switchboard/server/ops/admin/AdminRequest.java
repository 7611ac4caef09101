// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.ops.admin;

import java.util.Map;

/**
 * One admin request as the routes see it, read off the wire once by {@link AdminRequestHandler}: no Netty types,
 * so a route is plain Java and runs on any thread.
 *
 * @param method        the HTTP method, e.g. {@code GET}
 * @param path          the decoded path without the query, e.g. {@code /entity}
 * @param query         the query's parameters; a key given twice keeps its last value
 * @param authorization the {@code Authorization} header, or null when there is none
 */
public record AdminRequest(String method, String path, Map<String, String> query, String authorization) {

    public AdminRequest {
        query = Map.copyOf(query);
    }
}

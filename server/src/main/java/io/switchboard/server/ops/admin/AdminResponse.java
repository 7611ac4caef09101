// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.ops.admin;

import java.util.Map;

/**
 * What a route answers: a status, a content type and a body (always small: a scrape, a JSON document, one line).
 *
 * @param status      the HTTP status code
 * @param contentType the {@code Content-Type} header
 * @param body        the body, sent as UTF-8
 * @param headers     further headers ({@code Allow} on a 405, {@code WWW-Authenticate} on a 401)
 */
public record AdminResponse(int status, String contentType, String body, Map<String, String> headers) {
    static final String TEXT = "text/plain; charset=utf-8";

    public AdminResponse {
        headers = Map.copyOf(headers);
    }

    /** A one-line plain text answer; the line break is added. */
    public static AdminResponse text(int status, String line) {
        return of(status, TEXT, line + "\n");
    }

    public static AdminResponse json(int status, String json) {
        return of(status, "application/json", json);
    }

    public static AdminResponse of(int status, String contentType, String body) {
        return new AdminResponse(status, contentType, body, Map.of());
    }

    public AdminResponse withHeader(String name, String value) {
        Map<String, String> more = new java.util.LinkedHashMap<>(headers);
        more.put(name, value);
        return new AdminResponse(status, contentType, body, more);
    }
}

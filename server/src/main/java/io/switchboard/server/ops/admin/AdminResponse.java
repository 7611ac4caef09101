// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.ops.admin;

/**
 * What a route answers: a status, a content type and a body (always small: a scrape, a JSON document, one line).
 *
 * @param status      the HTTP status code
 * @param contentType the {@code Content-Type} header
 * @param body        the body, sent as UTF-8
 * @param allow       the {@code Allow} header of a 405, else null
 */
public record AdminResponse(int status, String contentType, String body, String allow) {
    static final String TEXT = "text/plain; charset=utf-8";

    /** A one-line plain text answer; the line break is added. */
    public static AdminResponse text(int status, String line) {
        return new AdminResponse(status, TEXT, line + "\n", null);
    }

    public static AdminResponse json(int status, String json) {
        return new AdminResponse(status, "application/json", json, null);
    }

    public static AdminResponse of(int status, String contentType, String body) {
        return new AdminResponse(status, contentType, body, null);
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * GETs and POSTs to a node's admin port, with the bearer token when one is given, and one error sentence naming the
 * address when it cannot be reached.
 */
final class AdminHttp {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final String admin;
    private final String token;

    /** {@code token} null: send none. */
    AdminHttp(String admin, String token) {
        this.admin = admin;
        this.token = token;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).build());
    }

    HttpResponse<String> post(String path) throws IOException, InterruptedException {
        return send(request(path).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    /** The sentence for an answer other than 200: the status and the server's first line (it says what to do). */
    String refused(String path, HttpResponse<String> page) {
        String line = page.body().lines().findFirst().orElse("").strip();
        return "the admin port at " + admin + " answered " + path + " with HTTP " + page.statusCode()
                + (line.isEmpty() ? "" : ": " + line);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + admin + path)).timeout(TIMEOUT);
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IOException("cannot reach the admin port at " + admin + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.e2e;

import io.switchboard.testkit.ServerProcess;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** One scrape of a server process's Prometheus endpoint. */
record Metrics(String text) {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static Metrics of(ServerProcess server) {
        try {
            // A server started without a token ignores the header.
            return new Metrics(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.adminPort()
                    + "/metrics")).header("Authorization", "Bearer " + TestCluster.ADMIN_TOKEN).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot read the metrics of the server on port " + server.port(), e);
        }
    }

    /** The value of the untagged sample {@code name}, as printed ("3.0"); empty if there is none. */
    String value(String name) {
        return text.lines().filter(l -> l.startsWith(name + " ")).map(l -> l.substring(name.length() + 1))
                .findFirst().orElse("");
    }
}

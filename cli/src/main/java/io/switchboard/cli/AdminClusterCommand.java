// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.util.StringJoiner;
import java.util.concurrent.Callable;

/**
 * {@code switchboard admin cluster --admin HOST:PORT}: the cluster as one node sees it, one line per member with
 * its status, datacenter and the shards and entities it hosts, then the members that node cannot reach.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "Print the cluster's members, their shards and entities, and the unreachable ones.")
final class AdminClusterCommand implements Callable<Integer> {

    @Option(names = "--admin", required = true, paramLabel = "HOST:PORT",
            description = "Any node's admin address (switchboard server --admin-port).")
    String admin;

    @Mixin
    AdminTokenOption token = new AdminTokenOption();

    private final PrintStream out;

    AdminClusterCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        AdminHttp http = new AdminHttp(admin, token.token());
        HttpResponse<String> page = http.get("/cluster");
        if (page.statusCode() != 200) {
            throw new IOException(http.refused("/cluster", page));
        }
        JsonNode view = new ObjectMapper().readTree(page.body());
        out.println("seen from: " + view.path("self").asText());
        for (JsonNode member : view.path("members")) {
            out.println("member " + member.path("address").asText() + "  " + member.path("status").asText()
                    + "  dc " + member.path("dc").asText() + "  shards " + counts(member.path("shards"))
                    + "  entities " + counts(member.path("entities")));
        }
        StringJoiner unreachable = new StringJoiner(", ");
        view.path("unreachable").forEach(a -> unreachable.add(a.asText()));
        out.println("unreachable: " + (unreachable.length() == 0 ? "none" : unreachable));
        out.flush();
        return 0;
    }

    private static String counts(JsonNode byType) {
        StringJoiner line = new StringJoiner(" ");
        byType.fields().forEachRemaining(e -> line.add(e.getKey() + "=" + e.getValue().asInt()));
        return line.length() == 0 ? "-" : line.toString();
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * {@code switchboard admin home --admin HOST:PORT --user DIGITS [--move-to DC]}: a user's (or group's) home
 * datacenter and whether the asked node runs its entity; with {@code --move-to}, moves the home first
 * (docs/CLUSTER.md, "Moving a user's or group's home").
 */
@Command(name = "home", mixinStandardHelpOptions = true,
        description = "Print where a user's or group's entity lives (its home datacenter); --move-to moves it.")
final class AdminHomeCommand implements Callable<Integer> {

    @Option(names = "--admin", required = true, paramLabel = "HOST:PORT",
            description = "Any node's admin address (switchboard server --admin-port).")
    String admin;

    @ArgGroup(multiplicity = "1")
    Subject subject;

    static final class Subject {
        @Option(names = "--user", paramLabel = "DIGITS", description = "The user's number, digits only.")
        String user;

        @Option(names = "--group", paramLabel = "ID", description = "The group's id.")
        String group;
    }

    @Option(names = "--move-to", paramLabel = "DC", description = "Move the home to this datacenter.")
    String moveTo;

    @Mixin
    AdminTokenOption token = new AdminTokenOption();

    private final PrintStream out;

    AdminHomeCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        String type = subject.user != null ? "User" : "Group";
        String id = subject.user != null ? subject.user.replaceFirst("^\\+", "") : subject.group;
        String query = "?type=" + type + "&id=" + encode(id);
        AdminHttp http = new AdminHttp(admin, token.token());
        String path = moveTo == null ? "/entity" : "/entity/home";
        HttpResponse<String> page = moveTo == null ? http.get(path + query)
                : http.post(path + query + "&dc=" + encode(moveTo));
        if (page.statusCode() != 200) {
            // The entity's own errors are JSON ({"error":...}); the port's refusals (401, 403) are one line of text.
            String error = page.body().startsWith("{") ? new ObjectMapper().readTree(page.body()).path("error")
                    .asText(page.body()) : page.body().strip();
            System.err.println("switchboard: " + admin + " answered " + path + " with HTTP " + page.statusCode()
                    + ": " + error);
            return 1;
        }
        JsonNode body = new ObjectMapper().readTree(page.body());
        out.println(type.toLowerCase() + " " + id + "  home " + body.path("home").asText("(none yet)")
                + "  asked node in " + body.path("datacenter").asText() + ", runs it: "
                + (body.path("hosted_here").asBoolean() ? "yes" : "no"));
        out.flush();
        return 0;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How every command reports a usage error: one line on standard error with what is wrong, the nearest option or
 * subcommand when a name was mistyped, and where the full usage is, e.g.
 * {@code switchboard: unknown option '--prot' (did you mean --port?); see 'switchboard server --help'}. Exits 2.
 * The usage text itself is not printed: it buried the one line that matters under 11 to 39 others.
 */
final class UsageErrors implements CommandLine.IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        command.getErr().println("switchboard: " + describe(e) + "; see '" + command.getCommandSpec().qualifiedName()
                + " --help'");
        command.getErr().flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    static String describe(ParameterException e) {
        CommandLine command = e.getCommandLine();
        // picocli checks required options before it reports unknown ones, so a mistyped --dir would read as a
        // missing --dir; the mistyped name is the error to show.
        List<String> unmatched = command.getUnmatchedArguments().stream().filter(a -> a.startsWith("-")).toList();
        UnmatchedArgumentException unknown = e instanceof UnmatchedArgumentException u ? u
                : unmatched.isEmpty() ? null : new UnmatchedArgumentException(command, unmatched);
        if (unknown == null) {
            return lowerFirst(e.getMessage());
        }
        String first = unknown.getUnmatched().get(0);
        boolean option = first.startsWith("-");
        String what = option ? "unknown option '" + first + "'"
                : command.getSubcommands().isEmpty() ? "unexpected argument '" + first + "'"
                : "unknown command '" + first + "'";
        List<String> suggestions = suggestions(command, first, option, unknown);
        if (suggestions.isEmpty()) {
            return what;
        }
        return what + " (did you mean " + String.join(" or ", suggestions) + "?)";
    }

    /**
     * The names one typo away (a letter wrong, missing, extra, or two swapped: {@code --prot}, {@code sned}),
     * else picocli's own, which only match the first two letters ({@code --adm} for {@code --admin-port}).
     */
    private static List<String> suggestions(CommandLine command, String typed, boolean option,
                                            UnmatchedArgumentException unknown) {
        String name = option && typed.contains("=") ? typed.substring(0, typed.indexOf('=')) : typed;
        Set<String> candidates = new LinkedHashSet<>();
        if (option) {
            command.getCommandSpec().options().stream().filter(o -> !o.hidden())
                    .forEach(o -> candidates.addAll(List.of(o.names())));
        } else {
            candidates.addAll(command.getSubcommands().keySet());
        }
        List<String> near = candidates.stream().filter(c -> typoDistance(name, c) <= (c.length() > 4 ? 2 : 1))
                .sorted(Comparator.comparingInt(c -> typoDistance(name, c))).limit(2).toList();
        if (!near.isEmpty()) {
            return near;
        }
        List<String> prefixed = unknown.getSuggestions();
        return prefixed.subList(0, Math.min(2, prefixed.size()));
    }

    /** Optimal string alignment distance: edits, counting a swap of two neighbouring letters as one. */
    static int typoDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    private static String lowerFirst(String message) {
        if (message == null || message.isEmpty()) {
            return "invalid arguments";
        }
        return Character.toLowerCase(message.charAt(0)) + message.substring(1);
    }
}

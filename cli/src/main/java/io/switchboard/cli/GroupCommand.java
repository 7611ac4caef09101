// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli;

import io.switchboard.client.GroupInfo;
import io.switchboard.client.MessageAck;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.protocol.id.GroupId;
import io.switchboard.protocol.id.MessageId;
import io.switchboard.protocol.id.UserId;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code switchboard group …}: one verb per group request of PROTOCOL.md §13. Each logs in, makes one request and
 * prints one JSON line with the server's answer (the group after a change; {@code list} one line per group), or
 * fails with the server's code and reason on one line. GROUP is the group's 16 hex digits or its full address.
 */
@Command(name = "group", mixinStandardHelpOptions = true,
        description = "Create and run groups; each verb prints one JSON line.")
final class GroupCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    private final PrintStream out;

    GroupCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** One SDK call, made once the client is logged in. */
    @FunctionalInterface
    private interface Call {
        CompletableFuture<Json> on(SwitchboardClient sdk);
    }

    /** One SDK call whose answer is a line per item. */
    @FunctionalInterface
    private interface ListCall {
        CompletableFuture<List<Json>> on(SwitchboardClient sdk);
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Print the groups you are in (up to 1,024), one JSON line each; nothing when none.")
    int list(@Mixin GroupOptions options) throws Exception {
        return callEach(options, sdk -> sdk.listGroups()
                .thenApply(groups -> groups.stream().map(GroupJson::summary).toList()));
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a group; you are its admin.")
    int create(@Mixin GroupOptions options,
            @Option(names = "--subject", required = true, description = "The group's name (up to 100 characters).")
            String subject,
            @Option(names = "--member", paramLabel = "+NUMBER", description = "A first member (E.164); repeat.")
            List<String> members) throws Exception {
        List<UserId> users = users(members == null ? List.of() : members);
        return call(options, sdk -> sdk.createGroup(subject, users).thenApply(GroupJson::info));
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add members (admins only).")
    int add(@Mixin GroupOptions options, @Parameters(index = "0", paramLabel = "GROUP") String group,
            @Parameters(index = "1..*", arity = "1..*", paramLabel = "+NUMBER") List<String> members) throws Exception {
        return changeMembers(options, group, members, SwitchboardClient::addMembers);
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove members (admins only).")
    int remove(@Mixin GroupOptions options, @Parameters(index = "0", paramLabel = "GROUP") String group,
            @Parameters(index = "1..*", arity = "1..*", paramLabel = "+NUMBER") List<String> members) throws Exception {
        return changeMembers(options, group, members, SwitchboardClient::removeMembers);
    }

    @Command(name = "promote", mixinStandardHelpOptions = true, description = "Make members admins (admins only).")
    int promote(@Mixin GroupOptions options, @Parameters(index = "0", paramLabel = "GROUP") String group,
            @Parameters(index = "1..*", arity = "1..*", paramLabel = "+NUMBER") List<String> members) throws Exception {
        return changeMembers(options, group, members, SwitchboardClient::promoteMembers);
    }

    @Command(name = "demote", mixinStandardHelpOptions = true, description = "Make admins members (admins only).")
    int demote(@Mixin GroupOptions options, @Parameters(index = "0", paramLabel = "GROUP") String group,
            @Parameters(index = "1..*", arity = "1..*", paramLabel = "+NUMBER") List<String> members) throws Exception {
        return changeMembers(options, group, members, SwitchboardClient::demoteMembers);
    }

    @Command(name = "leave", mixinStandardHelpOptions = true, description = "Leave a group.")
    int leave(@Mixin GroupOptions options, @Parameters(index = "0", paramLabel = "GROUP") String group)
            throws Exception {
        GroupId id = group(group);
        return call(options, sdk -> sdk.leaveGroup(id).thenApply(done -> GroupJson.left(id)));
    }

    @Command(name = "info", mixinStandardHelpOptions = true, description = "Print a group's subject and members.")
    int info(@Mixin GroupOptions options, @Parameters(index = "0", paramLabel = "GROUP") String group)
            throws Exception {
        GroupId id = group(group);
        return call(options, sdk -> sdk.groupInfo(id).thenApply(GroupJson::info));
    }

    @Command(name = "send", mixinStandardHelpOptions = true,
            description = "Send a message to a group; prints one JSON line once the server holds it (one check).")
    int send(@Mixin GroupOptions options, @Parameters(index = "0", paramLabel = "GROUP") String group,
            @Parameters(index = "1..*", arity = "1..*", paramLabel = "TEXT") List<String> words) throws Exception {
        GroupId id = group(group);
        String text = String.join(" ", words);
        return call(options, sdk -> sdk.sendToGroup(id, text).thenApply(GroupCommand::sent));
    }

    @Command(name = "invite", mixinStandardHelpOptions = true,
            description = "Print the group's invite code (admins only); --revoke replaces it with a new one.")
    int invite(@Mixin GroupOptions options, @Parameters(index = "0", paramLabel = "GROUP") String group,
            @Option(names = "--revoke", description = "Make a new code; the old one stops working.") boolean revoke)
            throws Exception {
        GroupId id = group(group);
        return call(options, sdk -> (revoke ? sdk.revokeGroupInvite(id) : sdk.groupInviteCode(id))
                .thenApply(code -> GroupJson.invite(id, code)));
    }

    @Command(name = "join", mixinStandardHelpOptions = true, description = "Join a group by its invite code.")
    int join(@Mixin GroupOptions options, @Parameters(index = "0", paramLabel = "CODE") String code)
            throws Exception {
        return call(options, sdk -> sdk.joinGroup(code).thenApply(GroupJson::info));
    }

    @Command(name = "subject", mixinStandardHelpOptions = true, description = "Rename a group (admins only).")
    int subject(@Mixin GroupOptions options, @Parameters(index = "0", paramLabel = "GROUP") String group,
            @Parameters(index = "1..*", arity = "1..*", paramLabel = "TEXT") List<String> words) throws Exception {
        GroupId id = group(group);
        String subject = String.join(" ", words);
        return call(options, sdk -> sdk.setGroupSubject(id, subject).thenApply(GroupJson::info));
    }

    @Command(name = "description", mixinStandardHelpOptions = true,
            description = "Set a group's description (admins only); an empty TEXT (\"\") clears it.")
    int description(@Mixin GroupOptions options, @Parameters(index = "0", paramLabel = "GROUP") String group,
            @Parameters(index = "1..*", arity = "1..*", paramLabel = "TEXT") List<String> words) throws Exception {
        GroupId id = group(group);
        String description = String.join(" ", words);
        return call(options, sdk -> sdk.setGroupDescription(id, description).thenApply(GroupJson::info));
    }

    @Command(name = "announce", mixinStandardHelpOptions = true,
            description = "on: only admins may send; off: every member may (admins only).")
    int announce(@Mixin GroupOptions options, @Parameters(index = "0", paramLabel = "GROUP") String group,
            @Parameters(index = "1", paramLabel = "on|off") String setting) throws Exception {
        GroupId id = group(group);
        boolean announceOnly = switch (setting.toLowerCase(Locale.ROOT)) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException("announce takes on or off, not '" + setting + "'");
        };
        return call(options, sdk -> sdk.setAnnounceOnly(id, announceOnly).thenApply(GroupJson::info));
    }

    @Command(name = "receipts", mixinStandardHelpOptions = true,
            description = "Print how far one of your group messages got with each member.")
    int receipts(@Mixin GroupOptions options, @Parameters(index = "0", paramLabel = "GROUP") String group,
            @Parameters(index = "1", paramLabel = "MESSAGE_ID") String message) throws Exception {
        GroupId id = group(group);
        MessageId messageId = new MessageId(message);
        return call(options, sdk -> sdk.groupReceipts(id, messageId)
                .thenApply(members -> GroupJson.receipts(id, messageId, members)));
    }

    /** An SDK call that changes a group's members and answers with the group after it. */
    private interface MemberChange {
        CompletableFuture<GroupInfo> apply(SwitchboardClient sdk, GroupId group, Collection<UserId> members);
    }

    private int changeMembers(GroupOptions options, String group, List<String> members, MemberChange change)
            throws Exception {
        GroupId id = group(group);
        List<UserId> users = users(members);
        return call(options, sdk -> change.apply(sdk, id, users).thenApply(GroupJson::info));
    }

    /** Logs in, runs {@code call}, prints its line. */
    private int call(GroupOptions options, Call call) throws Exception {
        return callEach(options, sdk -> call.on(sdk).thenApply(List::of));
    }

    /** Logs in, runs {@code call}, prints its lines. */
    private int callEach(GroupOptions options, ListCall call) throws Exception {
        try (SwitchboardClient sdk = SwitchboardClient.open(options.client.settings())) {
            sdk.login().get(options.timeoutSeconds, TimeUnit.SECONDS);
            call.on(sdk).get(options.timeoutSeconds, TimeUnit.SECONDS).forEach(out::println);
            out.flush();
        }
        return 0;
    }

    private static Json sent(MessageAck ack) {
        return GroupJson.sent(ack.group().orElseThrow(), ack.id(), ack.time().getEpochSecond());
    }

    /** A group as typed: its 16 hex digits (any case) or its address {@code …@g.switchboard}. */
    static GroupId group(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        return value.contains("@") ? GroupId.fromAddress(value) : new GroupId(value);
    }

    private static List<UserId> users(List<String> phones) {
        return phones.stream().map(UserId::fromPhone).toList();
    }
}

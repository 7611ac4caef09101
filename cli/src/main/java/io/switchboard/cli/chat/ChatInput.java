// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli.chat;

import io.switchboard.protocol.id.UserId;

import java.util.ArrayList;
import java.util.List;

/**
 * What a line typed and entered means. In the chat list: {@code +NUMBER} opens (or starts) a chat,
 * {@code /group SUBJECT +NUMBER…} creates a group, an empty line opens the selected chat. In a conversation,
 * {@code /info}, {@code /add +NUMBER…}, {@code /remove +NUMBER…} and {@code /leave} manage a group,
 * {@code /retry} sends refused messages again, and anything else is a message ({@code //text} sends
 * {@code /text}). {@code /quit} quits and {@code /help} lists everything, from either.
 */
public final class ChatInput {

    /** The result of an entered line. */
    public sealed interface Action {
    }

    public record Quit() implements Action {
    }

    /** Show every command and key. */
    public record Help() implements Action {
    }

    public record OpenSelected() implements Action {
    }

    public record OpenChat(UserId peer) implements Action {
    }

    public record CreateGroup(String subject, List<UserId> members) implements Action {
    }

    public record Send(String text) implements Action {
    }

    /** Send the conversation's refused messages again. */
    public record Retry() implements Action {
    }

    /** In a group: show its subject, members and admins. */
    public record GroupDetails() implements Action {
    }

    public record AddMembers(List<UserId> members) implements Action {
    }

    public record RemoveMembers(List<UserId> members) implements Action {
    }

    public record LeaveGroup() implements Action {
    }

    /** Nothing to do (an empty line in a conversation). */
    public record Nothing() implements Action {
    }

    /** Not understood: {@code reason} says what would be. */
    public record Invalid(String reason) implements Action {
    }

    private static final List<String> GROUP_COMMANDS = List.of("/info", "/add", "/remove", "/leave");

    private ChatInput() {
    }

    /** {@link #parse(String, ChatModel.View, boolean)} outside a group. */
    public static Action parse(String line, ChatModel.View view) {
        return parse(line, view, false);
    }

    /** What {@code line} means in {@code view}; {@code group} says whether the open conversation is a group's. */
    public static Action parse(String line, ChatModel.View view, boolean group) {
        String text = line.strip();
        if (text.equals("/quit") || text.equals("/q")) {
            return new Quit();
        }
        if (text.equals("/help") || text.equals("/?")) {
            return new Help();
        }
        if (text.startsWith("/group")) {
            return group(text.substring("/group".length()).strip());
        }
        if (view == ChatModel.View.CONVERSATION) {
            if (text.isEmpty()) {
                return new Nothing();
            }
            if (text.startsWith("//")) {
                return new Send(text.substring(1));
            }
            if (text.equals("/retry")) {
                return new Retry();
            }
            String command = text.split("\\s+")[0];
            if (GROUP_COMMANDS.contains(command)) {
                return group ? groupCommand(command, text.substring(command.length()).strip())
                        : new Invalid(command + " works in a group conversation; this chat is with one person");
            }
            if (text.startsWith("/")) {
                return new Invalid("unknown command " + text.split("\\s+")[0] + "; /help lists the commands"
                        + " (type //text to send a line starting with /)");
            }
            return new Send(line.strip());
        }
        if (text.isEmpty()) {
            return new OpenSelected();
        }
        if (GROUP_COMMANDS.contains(text.split("\\s+")[0])) {
            return new Invalid(text.split("\\s+")[0] + " works in a group conversation: open the group first");
        }
        if (text.startsWith("+")) {
            try {
                return new OpenChat(UserId.fromPhone(text));
            } catch (IllegalArgumentException e) {
                return new Invalid("'" + text + "' is not a phone number; type it as +15551230002");
            }
        }
        return new Invalid("type +NUMBER to start a chat, /group SUBJECT +NUMBER… for a group, Enter to open the"
                + " selected chat, or /help");
    }

    private static Action groupCommand(String command, String rest) {
        if (command.equals("/info") || command.equals("/leave")) {
            return rest.isEmpty() ? (command.equals("/info") ? new GroupDetails() : new LeaveGroup())
                    : new Invalid(command + " takes nothing after it");
        }
        List<UserId> members = new ArrayList<>();
        for (String word : rest.split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            try {
                members.add(UserId.fromPhone(word));
            } catch (IllegalArgumentException e) {
                return new Invalid("'" + word + "' is not a phone number; type it as +15551230002");
            }
        }
        if (members.isEmpty()) {
            return new Invalid("name who: " + command + " +15551230002 +15551230003");
        }
        List<UserId> named = List.copyOf(members);
        return command.equals("/add") ? new AddMembers(named) : new RemoveMembers(named);
    }

    private static Action group(String rest) {
        List<String> subject = new ArrayList<>();
        List<UserId> members = new ArrayList<>();
        for (String word : rest.split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            if (word.startsWith("+")) {
                try {
                    members.add(UserId.fromPhone(word));
                } catch (IllegalArgumentException e) {
                    return new Invalid("'" + word + "' is not a phone number; type it as +15551230002");
                }
            } else if (members.isEmpty()) {
                subject.add(word);
            } else {
                return new Invalid("put the subject first, then the members: /group Climbing +15551230002");
            }
        }
        if (subject.isEmpty() || members.isEmpty()) {
            return new Invalid("a group needs a subject and members: /group Climbing +15551230002 +15551230003");
        }
        return new CreateGroup(String.join(" ", subject), List.copyOf(members));
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli.chat;

import io.switchboard.client.GroupInfo;
import io.switchboard.client.GroupMember;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.protocol.id.UserId;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The chat's group commands ({@code /group}, {@code /info}, {@code /add}, {@code /remove}, {@code /leave}) as SDK
 * requests. Every outcome reaches the UI thread as an event: a panel, a notice (a refusal carries the server's
 * sentence, such as "403 not an admin"), or the group's new members for the header. The changes themselves reach
 * the history as the server's notifications, through {@link ChatService}.
 */
final class GroupActions {
    private final SwitchboardClient sdk;
    private final HistoryStore store;
    private final Consumer<ChatEvent> events;
    private final Supplier<UserId> me;

    GroupActions(SwitchboardClient sdk, HistoryStore store, Consumer<ChatEvent> events, Supplier<UserId> me) {
        this.sdk = sdk;
        this.store = store;
        this.events = events;
        this.me = me;
    }

    /** Creates a group; opens it when the server has made it, or says why not. */
    void create(String subject, List<UserId> members) {
        CompletableFuture<GroupInfo> created;
        try {
            created = sdk.createGroup(subject, members);
        } catch (IllegalArgumentException e) {
            events.accept(new ChatEvent.Notice("cannot create the group: " + e.getMessage()));
            return;
        }
        created.whenComplete((group, error) -> {
            if (error != null) {
                events.accept(new ChatEvent.Notice(groupRefusal("cannot create the group", error)));
                return;
            }
            ChatId chat = ChatId.of(group.id());
            store.setTitle(chat, group.subject(), group.created());
            events.accept(new ChatEvent.Open(chat));
        });
    }

    /** Shows a group's subject, members and admins as the server has them now. */
    void details(ChatId chat) {
        sdk.groupInfo(chat.group()).whenComplete((info, error) -> {
            if (error != null) {
                events.accept(new ChatEvent.Notice(groupRefusal("cannot show the group", error)));
            } else {
                events.accept(new ChatEvent.Members(chat, info.members().stream().map(GroupMember::user).toList()));
                events.accept(new ChatEvent.Panel(GroupSummary.lines(info, me.get())));
            }
        });
    }

    /** Adds members (admins only); the server's refusal, such as 403 for a non-admin, is the notice. */
    void add(ChatId chat, List<UserId> members) {
        changeMembers(chat, members, "added", "cannot add", () -> sdk.addMembers(chat.group(), members));
    }

    /** Removes members (admins only), as {@link #add} adds them. */
    void remove(ChatId chat, List<UserId> members) {
        changeMembers(chat, members, "removed", "cannot remove", () -> sdk.removeMembers(chat.group(), members));
    }

    private void changeMembers(ChatId chat, List<UserId> members, String done, String failed,
            Supplier<CompletableFuture<GroupInfo>> request) {
        CompletableFuture<GroupInfo> change;
        try {
            change = request.get();
        } catch (IllegalArgumentException e) {
            events.accept(new ChatEvent.Notice(failed + ": " + e.getMessage()));
            return;
        }
        String who = members.stream().map(UserId::phone).collect(Collectors.joining(", "));
        change.whenComplete((info, error) -> {
            if (error != null) {
                events.accept(new ChatEvent.Notice(groupRefusal(failed + " " + who, error)));
                return;
            }
            events.accept(new ChatEvent.Members(chat, info.members().stream().map(GroupMember::user).toList()));
            events.accept(new ChatEvent.Notice(done + " " + who));
        });
    }

    /** Leaves a group. The conversation and its history stay on this device, as after being removed. */
    void leave(ChatId chat) {
        sdk.leaveGroup(chat.group()).whenComplete((left, error) -> events.accept(new ChatEvent.Notice(
                error != null ? groupRefusal("cannot leave", error) : "you left the group")));
    }

    /** "cannot add +1555…: 403 not an admin", with what to do when the cause is being offline. */
    private String groupRefusal(String what, Throwable error) {
        return what + ": " + ChatService.unwrap(error).getMessage()
                + (sdk.isLoggedIn() ? "" : " (groups are changed on the server: wait until online)");
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import io.netty.channel.EventLoop;
import io.switchboard.protocol.id.GroupId;
import io.switchboard.protocol.id.UserId;
import io.switchboard.protocol.node.Node;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Seals group messages with sender keys (PROTOCOL.md §14.6): before the first message under a sender key, and for
 * every member that joined since, this device's sender key distribution message goes to each member pairwise,
 * end-to-end encrypted, and is acked by the server (durable in the member's mailbox) before the group message goes;
 * then each message is encrypted once ({@code skmsg}) for the server to fan out. Members come from the server's
 * group info, cached until a change to the group is notified. Messages to one group are sealed in order. A member
 * whose keys cannot be had (not registered yet) is skipped and tried again at the next message. Confined to the
 * client's event loop.
 */
final class GroupSealer {
    private static final Logger log = LoggerFactory.getLogger(GroupSealer.class);

    private final EndToEnd e2e;
    private final GroupKeys keys;
    private final EventLoop loop;
    private final Function<GroupId, CompletableFuture<GroupInfo>> info;
    private final BiFunction<UserId, Node, CompletableFuture<?>> sendPairwise;
    private final Map<GroupId, Set<UserId>> members = new HashMap<>();
    private final Map<GroupId, CompletableFuture<Void>> tails = new HashMap<>();

    GroupSealer(EndToEnd e2e, GroupKeys keys, EventLoop loop, Function<GroupId, CompletableFuture<GroupInfo>> info,
                BiFunction<UserId, Node, CompletableFuture<?>> sendPairwise) {
        this.e2e = e2e;
        this.keys = keys;
        this.loop = loop;
        this.info = info;
        this.sendPairwise = sendPairwise;
    }

    /** A change to {@code group}: members are read again; a removal or leave also retires this device's key. */
    void onChange(GroupId group, GroupNotification.Kind kind) {
        members.remove(group);
        if (kind == GroupNotification.Kind.REMOVE || kind == GroupNotification.Kind.LEAVE) {
            keys.retire(group);
        }
    }

    /** {@code plaintext} sealed for every current member of {@code group} but {@code self}, after earlier ones. */
    CompletableFuture<Node> seal(UserId self, GroupId group, Plaintext plaintext) {
        byte[] bytes = Plaintext.encode(plaintext);
        CompletableFuture<Void> previous = tails.getOrDefault(group, CompletableFuture.completedFuture(null));
        CompletableFuture<Node> sealed = previous.thenComposeAsync(x -> sealNow(self, group, bytes), loop);
        CompletableFuture<Void> tail = sealed.handle((node, error) -> null);
        tails.put(group, tail);
        tail.thenRunAsync(() -> tails.remove(group, tail), loop);
        return sealed;
    }

    private CompletableFuture<Node> sealNow(UserId self, GroupId group, byte[] plaintext) {
        return members(group).thenComposeAsync(current -> {
            GroupKeys.Current key = keys.current(group);
            Set<UserId> missing = new TreeSet<>(current);
            missing.remove(self);
            missing.removeAll(key.holders());
            return distribute(self, group, key, missing)
                    .thenApplyAsync(x -> e2e.encryption().encryptForGroup(self, key.distribution(), plaintext), loop);
        }, loop);
    }

    private CompletableFuture<Void> distribute(UserId self, GroupId group, GroupKeys.Current key, Set<UserId> to) {
        if (to.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        byte[] distribution = e2e.encryption().senderKeyDistribution(self, key.distribution());
        Set<UserId> delivered = new TreeSet<>();
        List<CompletableFuture<Void>> sends = to.stream().map(member -> e2e
                .seal(member, new Plaintext.SenderKey(group, distribution))
                .thenCompose(enc -> sendPairwise.apply(member, enc))
                .handleAsync((ack, error) -> {
                    if (error == null) {
                        delivered.add(member);
                    } else {
                        log.warn("sender key for {} not delivered to {}: {}", group, member, error.toString());
                    }
                    return (Void) null;
                }, loop)).toList();
        return CompletableFuture.allOf(sends.toArray(new CompletableFuture[0]))
                .thenRunAsync(() -> keys.delivered(group, key, delivered), loop);
    }

    private CompletableFuture<Set<UserId>> members(GroupId group) {
        Set<UserId> known = members.get(group);
        if (known != null) {
            return CompletableFuture.completedFuture(known);
        }
        return info.apply(group).thenApplyAsync(group1 -> {
            Set<UserId> current = new TreeSet<>();
            group1.members().forEach(m -> current.add(m.user()));
            members.put(group, current);
            return current;
        }, loop);
    }
}

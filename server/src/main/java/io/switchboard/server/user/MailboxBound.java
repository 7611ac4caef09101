// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.user;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.id.UserId;
import io.switchboard.server.limits.MailboxBounds;
import io.switchboard.server.store.MailboxStore;
import io.switchboard.server.store.MailboxUsage;
import io.switchboard.server.user.UserEntity.Command;
import io.switchboard.server.user.UserEntity.Store;
import io.switchboard.server.user.UserEntity.StoreFailed;
import io.switchboard.server.user.UserEntity.StoreRefused;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;

/**
 * The bound on one user's 1:1 mailbox (issue 16): chat messages, and their payload bytes, stored for the user and not
 * yet acked. The entity is the mailbox's only writer, so it counts here, in memory, and refuses a message past
 * either bound with 413 before it reaches the store; the sender's client shows the sentence and may send again once
 * the recipient has drained. Counts start from the store ({@link MailboxStore#usage}) when the entity starts, so a
 * restart or a move to another node keeps the bound; chat messages that arrive before that wait for it.
 *
 * <p>Counts include appends in flight, so concurrent senders cannot overshoot; a failed, duplicate or refused append
 * gives its room back, as does a delete. A delete that completes before the counts are loaded is not subtracted:
 * the count read may already lack it, and counting one message too many (until the next start) is the safe side.
 * Only chat messages count: receipts and notifications are server-made, small, and at most two per message sent.
 */
final class MailboxBound {
    private static final Logger events = LoggerFactory.getLogger("io.switchboard.events");

    private record UsageLoaded(MailboxUsage usage, Throwable failure)
            implements Command, NoSerializationVerificationNeeded {
    }

    private final ActorContext<Command> context;
    private final UserId user;
    private final MailboxStore mailbox;
    private final MailboxBounds bounds;
    private final Consumer<Store> admitted;
    /** Chat messages waiting, in arrival order, for the counts to be loaded. */
    private final ArrayDeque<Store> awaitingUsage = new ArrayDeque<>();
    private boolean loaded;
    private boolean loading;
    private long messages;
    private long bytes;

    /** {@code admitted} is called, on the actor, with each chat message within the bound, to be appended. */
    MailboxBound(ActorContext<Command> context, UserId user, MailboxStore mailbox, MailboxBounds bounds,
                 Consumer<Store> admitted) {
        this.context = context;
        this.user = user;
        this.mailbox = mailbox;
        this.bounds = bounds;
        this.admitted = admitted;
    }

    /** Starts reading the counts from the store. */
    void load() {
        loading = true;
        context.pipeToSelf(mailbox.usage(user), UsageLoaded::new);
    }

    /** The per-account quota the store checks each of this user's incoming messages against. */
    long senderQuota() {
        return bounds.accountBytes();
    }

    /** A chat message for this user: appended (through {@code admitted}) if it fits, else refused with 413. */
    void admit(Store store) {
        if (!loaded) {
            awaitingUsage.add(store);
            if (!loading) {
                load();
            }
            return;
        }
        int size = store.payload().length;
        if (messages + 1 > bounds.messages() || bytes + size > bounds.bytes()) {
            events.debug("mailbox full: message from {} to {} refused ({} messages, {} bytes waiting)",
                    store.sender(), user, messages, bytes);
            store.replyTo().tell(new StoreRefused(store.messageId(), ErrorCode.TOO_LARGE.code(), user.phone()
                    + " has too many undelivered messages (at most " + bounds.messages() + " or "
                    + MailboxBounds.describe(bounds.bytes()) + " wait for one user); try again after they come"
                    + " online"));
            return;
        }
        messages++;
        bytes += size;
        admitted.accept(store);
    }

    /** A chat message of {@code size} bytes left the mailbox, or an admitted one was not stored after all. */
    void release(int size) {
        if (loaded) {
            messages = Math.max(0, messages - 1);
            bytes = Math.max(0, bytes - size);
        }
    }

    /** Handles this part's own messages; false for any other command. */
    boolean handle(Command command) {
        if (!(command instanceof UsageLoaded l)) {
            return false;
        }
        loading = false;
        List<Store> waiting = List.copyOf(awaitingUsage);
        awaitingUsage.clear();
        if (l.failure() != null) {
            // Tried again with the next message; these get a retryable failure rather than waiting unbounded.
            context.getLog().warn("reading the mailbox size of user {} failed: {}", user, l.failure().toString());
            waiting.forEach(s -> s.replyTo().tell(StoreFailed.of(s.messageId(), l.failure())));
            return true;
        }
        loaded = true;
        messages = l.usage().messages();
        bytes = l.usage().bytes();
        waiting.forEach(this::admit);
        return true;
    }

    boolean isIdle() {
        return !loading;
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.group;

import io.switchboard.protocol.id.MessageId;
import io.switchboard.protocol.id.UserId;
import io.switchboard.server.store.GroupMember;

import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The aggregated receipts a group still owes its senders: per recent message, how many of the members it was sent
 * to have not yet received it and not yet read it. When a count reaches zero the sender is told, once: "delivered
 * to all", then "read by all". Counts move as members' cursors pass a message, and drop when a member that had not
 * received or read it is removed. Bounded: past {@link GroupRules#MAX_PENDING_RECEIPTS} the oldest message is
 * given up (its per-member detail stays available from the cursors).
 */
final class GroupReceipts {

    /** Told when a message has reached, or been read by, every member it was sent to. */
    interface Sink {
        void allDelivered(UserId sender, MessageId messageId);

        void allRead(UserId sender, MessageId messageId);
    }

    private static final class Pending {
        final UserId sender;
        final MessageId messageId;
        int undelivered;
        int unread;

        Pending(UserId sender, MessageId messageId, int undelivered, int unread) {
            this.sender = sender;
            this.messageId = messageId;
            this.undelivered = undelivered;
            this.unread = unread;
        }
    }

    private final NavigableMap<Long, Pending> pending = new TreeMap<>();
    private final Sink sink;
    private final int capacity;

    GroupReceipts(Sink sink, int capacity) {
        this.sink = sink;
        this.capacity = capacity;
    }

    /**
     * Starts counting message {@code seq}, sent to members of whom {@code undelivered} have not received it and
     * {@code unread} have not read it; a count that is zero already is reported at once.
     */
    void track(long seq, UserId sender, MessageId messageId, int undelivered, int unread) {
        Pending p = new Pending(sender, messageId, undelivered, unread);
        if (undelivered == 0) {
            sink.allDelivered(sender, messageId);
        }
        if (unread == 0) {
            sink.allRead(sender, messageId);
            return;
        }
        pending.put(seq, p);
        while (pending.size() > capacity) {
            pending.pollFirstEntry();
        }
    }

    /**
     * Counts message {@code seq} again after a restart, from stored cursors. Nothing is reported now: a receipt whose
     * count reached zero before the restart was sent then.
     */
    void resume(long seq, UserId sender, MessageId messageId, int undelivered, int unread) {
        if (unread == 0 || pending.containsKey(seq)) {
            return;
        }
        pending.put(seq, new Pending(sender, messageId, undelivered, unread));
        while (pending.size() > capacity) {
            pending.pollFirstEntry();
        }
    }

    int size() {
        return pending.size();
    }

    /** {@code member} (a current member) now has every entry up to {@code delivered}, and read up to {@code read}. */
    void advanced(GroupMember before, long delivered, long read) {
        for (Pending p : counted(before, before.deliveredSeq(), delivered).values()) {
            if (counts(before, p) && --p.undelivered == 0) {
                sink.allDelivered(p.sender, p.messageId);
            }
        }
        Iterator<Map.Entry<Long, Pending>> it = counted(before, before.readSeq(), read).entrySet().iterator();
        while (it.hasNext()) {
            Pending p = it.next().getValue();
            if (counts(before, p) && --p.unread == 0) {
                sink.allRead(p.sender, p.messageId);
                it.remove();
            }
        }
    }

    /** {@code member} was removed: it no longer counts for the messages it had not received or read. */
    void removed(GroupMember member) {
        Iterator<Map.Entry<Long, Pending>> it = pending.tailMap(member.joinedSeq(), true).entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, Pending> e = it.next();
            Pending p = e.getValue();
            if (!counts(member, p)) {
                continue;
            }
            if (e.getKey() > member.deliveredSeq() && --p.undelivered == 0) {
                sink.allDelivered(p.sender, p.messageId);
            }
            if (e.getKey() > member.readSeq() && --p.unread == 0) {
                sink.allRead(p.sender, p.messageId);
                it.remove();
            }
        }
    }

    private NavigableMap<Long, Pending> counted(GroupMember member, long from, long to) {
        if (to <= from) {
            return new TreeMap<>();
        }
        return pending.subMap(Math.max(from, member.joinedSeq() - 1), false, to, true);
    }

    private static boolean counts(GroupMember member, Pending p) {
        return member.isCurrent() && !member.user().equals(p.sender);
    }
}

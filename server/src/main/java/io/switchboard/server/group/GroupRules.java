// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.group;

import io.switchboard.protocol.id.UserId;
import io.switchboard.server.group.GroupEntity.Refused;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The bounds of a group and the checks every request passes before it changes anything, each refusal with the code
 * and sentence of docs/PROTOCOL.md §13. Pure functions, so the rules read in one place.
 */
final class GroupRules {

    /** Members in one group, admins included. */
    static final int MAX_MEMBERS = 1_024;
    static final int MAX_SUBJECT = 100;
    static final int MAX_DESCRIPTION = 512;
    /** Members one fanout worker tells per batch. */
    static final int FANOUT_BATCH = 16;
    /** Fanout workers per group entity: batch i of every message goes to worker i mod this, keeping member order. */
    static final int FANOUT_WORKERS = 8;
    /** Requests held while the group loads from the store. */
    static final int MAX_STASH = 10_000;
    /** Recent messages whose (sender, id) the entity remembers, for duplicates, read receipts and receipt detail. */
    static final int RECENT_MESSAGES = 4_096;
    /** Messages whose aggregated receipts are still awaited; the oldest are dropped beyond (detail stays). */
    static final int MAX_PENDING_RECEIPTS = 4_096;
    /** Messages looked at when a restarted entity rebuilds its pending receipts. */
    static final int REBUILD_WINDOW = 512;
    /** How long members' acks gather in memory before one write saves them all. */
    static final Duration CURSOR_FLUSH = Duration.ofMillis(250);

    private static final SecureRandom RANDOM = new SecureRandom();

    private GroupRules() {
    }

    static Optional<Refused> checkSubject(String subject) {
        if (subject == null || subject.isBlank()) {
            return refuse(400, "a group needs a subject");
        }
        if (subject.codePointCount(0, subject.length()) > MAX_SUBJECT) {
            return refuse(400, "a subject has at most " + MAX_SUBJECT + " characters");
        }
        return Optional.empty();
    }

    static Optional<Refused> checkDescription(String description) {
        if (description == null || description.codePointCount(0, description.length()) > MAX_DESCRIPTION) {
            return refuse(400, "a description has at most " + MAX_DESCRIPTION + " characters");
        }
        return Optional.empty();
    }

    static Optional<Refused> checkList(List<UserId> members) {
        if (members.isEmpty()) {
            return refuse(400, "name at least one participant");
        }
        if (members.size() > MAX_MEMBERS) {
            return refuse(400, "a request names at most " + MAX_MEMBERS + " participants");
        }
        return Optional.empty();
    }

    /** {@code current} members plus {@code adding} new ones must stay within {@link #MAX_MEMBERS}. */
    static Optional<Refused> checkRoom(int current, int adding) {
        if (current + adding > MAX_MEMBERS) {
            return refuse(406, "a group holds at most " + String.format("%,d", MAX_MEMBERS) + " members; adding "
                    + adding + " would make " + String.format("%,d", current + adding));
        }
        return Optional.empty();
    }

    static Refused notMember() {
        return new Refused(403, "you are not a member of this group");
    }

    static Refused notAdmin(String what) {
        return new Refused(403, "only admins can " + what);
    }

    static Refused noSuchGroup() {
        return new Refused(404, "no such group");
    }

    /** An unguessable, URL-safe invite code: 128 random bits in 22 characters. */
    static String newInviteCode() {
        byte[] bits = new byte[16];
        RANDOM.nextBytes(bits);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }

    private static Optional<Refused> refuse(int code, String text) {
        return Optional.of(new Refused(code, text));
    }
}

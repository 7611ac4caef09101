// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli.chat;

/**
 * How far a message this user sent has got: the checks beside it. A message only moves forward (a late ack never
 * turns blue checks back into one), except that a refusal ends it as {@link #FAILED} while it is still unsent.
 * The codes are what {@link HistoryStore} writes; they never change.
 */
public enum Tick {
    /** Not yet acknowledged by the server: queued in the SDK's outbox, or this client is offline. A clock. */
    PENDING(0),
    /** The server holds it on disk: one check. */
    SENT(1),
    /** The recipient's device has it (in a group: every member's): two checks. */
    DELIVERED(2),
    /** The recipient opened it (in a group: every member): two blue checks. */
    READ(3),
    /** The server refused it; it will not be sent again. */
    FAILED(9);

    private final int code;

    Tick(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The tick stored under {@code code}. */
    public static Tick fromCode(int code) {
        for (Tick tick : values()) {
            if (tick.code == code) {
                return tick;
            }
        }
        throw new IllegalArgumentException("no tick has code " + code);
    }

    /**
     * The state after learning {@code news}: the further of the two. Receipts can overtake the ack that made a
     * message {@link #SENT} (they travel on other paths), and a redelivered receipt can repeat an old one, so the
     * order of arrival says nothing. A refusal counts only for a message the server does not hold yet, and a
     * refused message stays refused.
     */
    public Tick advance(Tick news) {
        if (this == FAILED) {
            return this;
        }
        if (news == FAILED) {
            return this == PENDING ? FAILED : this;
        }
        return news.code > code ? news : this;
    }
}

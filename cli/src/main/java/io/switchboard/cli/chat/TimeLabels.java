// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli.chat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Times as the chat shows them, in the user's zone: the hour for today, the day and hour before. */
final class TimeLabels {
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DAY_HOUR = DateTimeFormatter.ofPattern("d MMM HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ROOT);

    private final ZoneId zone;

    TimeLabels(ZoneId zone) {
        this.zone = zone;
    }

    /** "14:05" today, "27 Nov 14:05" on another day. */
    String when(Instant time, Instant now) {
        return (isSameDay(time, now) ? HOUR : DAY_HOUR).format(time.atZone(zone));
    }

    /** "14:05". */
    String hour(Instant time) {
        return HOUR.format(time.atZone(zone));
    }

    /** "Sat 28 Nov 2026": the separator above a day's first line. */
    String day(Instant time) {
        return DAY.format(time.atZone(zone));
    }

    boolean isSameDay(Instant a, Instant b) {
        return localDay(a).equals(localDay(b));
    }

    private LocalDate localDay(Instant time) {
        return time.atZone(zone).toLocalDate();
    }
}

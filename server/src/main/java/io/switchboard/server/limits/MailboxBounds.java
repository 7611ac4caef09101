// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.limits;

import com.typesafe.config.Config;

/**
 * How much may wait undelivered, read once from {@code switchboard.limits.mailbox} and
 * {@code switchboard.limits.account-stored-bytes} (defaults and their reasons in reference.conf). Only chat messages
 * count: receipts and notifications are server-made, empty or small, and bounded by the messages that caused them.
 *
 * @param messages     chat messages one recipient's 1:1 mailbox may hold undelivered
 * @param bytes        payload bytes of those messages
 * @param accountBytes payload bytes one account may have stored and not yet delivered, across all its recipients
 */
public record MailboxBounds(int messages, long bytes, long accountBytes) {

    /** No bound at all: for stores and tests that do not exercise the bounds. */
    public static final MailboxBounds NONE = new MailboxBounds(Integer.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);

    public MailboxBounds {
        if (messages < 1 || bytes < 1 || accountBytes < 1) {
            throw new IllegalArgumentException("mailbox bounds must be positive, not " + messages + " messages, "
                    + bytes + " bytes, " + accountBytes + " account bytes");
        }
    }

    public static MailboxBounds create(Config config) {
        Config c = config.getConfig("switchboard.limits");
        try {
            return new MailboxBounds(c.getInt("mailbox.messages"), c.getBytes("mailbox.bytes"),
                    c.getBytes("account-stored-bytes"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("switchboard.limits.mailbox / account-stored-bytes: "
                    + e.getMessage(), e);
        }
    }

    /** For refusals: "200 KiB", "100 MiB", "1 GiB", or bytes when not a whole number of KiB. */
    public static String describe(long bytes) {
        String[] units = {"GiB", "MiB", "KiB"};
        long[] sizes = {1L << 30, 1L << 20, 1L << 10};
        for (int i = 0; i < units.length; i++) {
            if (bytes >= sizes[i] && bytes % sizes[i] == 0) {
                return bytes / sizes[i] + " " + units[i];
            }
        }
        return bytes + " bytes";
    }
}

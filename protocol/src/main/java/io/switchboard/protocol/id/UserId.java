// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.id;

import java.util.Objects;

/**
 * A user: an E.164 phone number, held as its digits without the '+' (country code first, 8 to 15 digits). On the
 * wire a user is the address {@code <digits>@s.switchboard}, which packs to a JID pair of a few bytes.
 *
 * @param digits the phone number's digits, no '+', no separators
 */
public record UserId(String digits) implements Comparable<UserId> {

    /** The server part of every user address. */
    public static final String DOMAIN = "s.switchboard";

    public UserId {
        Objects.requireNonNull(digits, "digits");
        if (!isValidDigits(digits)) {
            throw new IllegalArgumentException("not an E.164 phone number: '" + digits
                    + "' (expected 8 to 15 digits, country code first)");
        }
    }

    /** Parses "+15551230002" (spaces, dashes, dots and parentheses allowed, as people write numbers). */
    public static UserId fromPhone(String phone) {
        String trimmed = phone.strip();
        if (!trimmed.startsWith("+")) {
            throw new IllegalArgumentException("a phone number must start with '+' and its country code: '" + phone
                    + "'");
        }
        return new UserId(trimmed.substring(1).replaceAll("[\\s().-]", ""));
    }

    /** Parses a user address, "15551230002@s.switchboard". */
    public static UserId fromAddress(String address) {
        int at = address.indexOf('@');
        if (at < 0 || !address.substring(at + 1).equals(DOMAIN)) {
            throw new IllegalArgumentException("not a user address: '" + address + "'");
        }
        return new UserId(address.substring(0, at));
    }

    /** Whether {@code digits} is 8 to 15 ASCII digits not starting with 0. */
    public static boolean isValidDigits(String digits) {
        int n = digits.length();
        if (n < 8 || n > 15 || digits.charAt(0) == '0') {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** The wire address: {@code 15551230002@s.switchboard}. */
    public String address() {
        return digits + "@" + DOMAIN;
    }

    /** The number as people write it: {@code +15551230002}. */
    public String phone() {
        return "+" + digits;
    }

    @Override
    public int compareTo(UserId other) {
        return digits.compareTo(other.digits);
    }

    @Override
    public String toString() {
        return phone();
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.id;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A group: 16 lower-case hex digits (64 random bits) chosen by the server when the group is created. On the wire a
 * group is the address {@code <id>@g.switchboard}, which packs to a JID pair of 11 bytes.
 *
 * @param value the 16 hex digits
 */
public record GroupId(String value) implements Comparable<GroupId> {

    /** The server part of every group address; also the address requests that name no group yet go to. */
    public static final String DOMAIN = "g.switchboard";

    public static final int LENGTH = 16;

    private static final SecureRandom RANDOM = new SecureRandom();

    public GroupId {
        Objects.requireNonNull(value, "value");
        if (!isValid(value)) {
            throw new IllegalArgumentException("not a group id: '" + value + "' (expected " + LENGTH
                    + " lower-case hex digits)");
        }
    }

    /** A new random id; collisions are checked by the store. */
    public static GroupId random() {
        return new GroupId(HexFormat.of().toHexDigits(RANDOM.nextLong()));
    }

    /** Parses a group address, "1a2b3c4d5e6f7081@g.switchboard". */
    public static GroupId fromAddress(String address) {
        int at = address.indexOf('@');
        if (at < 0 || !address.substring(at + 1).equals(DOMAIN)) {
            throw new IllegalArgumentException("not a group address: '" + address + "'");
        }
        return new GroupId(address.substring(0, at));
    }

    /** Whether {@code address} names a group (its server part is {@link #DOMAIN}); says nothing of the id. */
    public static boolean isGroupAddress(String address) {
        return address != null && address.endsWith("@" + DOMAIN);
    }

    public static boolean isValid(String value) {
        if (value.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = value.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    /** The wire address: {@code 1a2b3c4d5e6f7081@g.switchboard}. */
    public String address() {
        return value + "@" + DOMAIN;
    }

    @Override
    public int compareTo(GroupId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}

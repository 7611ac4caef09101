// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.node;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a stanza's attributes and collects every problem instead of stopping at the first, so that a client hears
 * about all of them in one rejection. Call the getters, then {@link #check()}. Not thread-safe; one per stanza.
 */
public final class AttributeReader {
    private final String tag;
    private final Attributes attributes;
    private List<String> problems;

    AttributeReader(String tag, Attributes attributes) {
        this.tag = tag;
        this.attributes = attributes;
    }

    /** The value, or {@code null} after noting it as missing. */
    public String required(String key) {
        String value = attributes.get(key);
        if (value == null) {
            problem("missing '" + key + "'");
        }
        return value;
    }

    /** The value, or {@code fallback} when absent. */
    public String optional(String key, String fallback) {
        String value = attributes.get(key);
        return value == null ? fallback : value;
    }

    /** The value as a non-negative decimal long, or 0 after noting it as missing or malformed. */
    public long requiredLong(String key) {
        String value = required(key);
        return value == null ? 0 : parseLong(key, value, 0);
    }

    /** The value as a non-negative decimal long, {@code fallback} when absent, or noted when malformed. */
    public long optionalLong(String key, long fallback) {
        String value = attributes.get(key);
        return value == null ? fallback : parseLong(key, value, fallback);
    }

    /** The value as a non-negative int no larger than {@code max}, or 0 after noting the problem. */
    public int requiredInt(String key, int max) {
        long value = requiredLong(key);
        if (value > max) {
            problem("'" + key + "' is larger than " + max);
            return 0;
        }
        return (int) value;
    }

    /** Whether every read so far found what it needed. */
    public boolean ok() {
        return problems == null;
    }

    /**
     * Fails once with every problem found so far.
     *
     * @throws InvalidAttributesException naming each missing or mistyped attribute
     */
    public void check() throws InvalidAttributesException {
        if (problems != null) {
            throw new InvalidAttributesException("<" + tag + ">: " + String.join("; ", problems));
        }
    }

    private long parseLong(String key, String value, long fallback) {
        // Digits only, at most 18 of them: no sign, no overflow, no surprises from Long.parseLong's leniency.
        boolean digits = !value.isEmpty() && value.length() <= 18;
        for (int i = 0; digits && i < value.length(); i++) {
            char c = value.charAt(i);
            digits = c >= '0' && c <= '9';
        }
        if (!digits) {
            problem("'" + key + "' is not a number");
            return fallback;
        }
        return Long.parseLong(value);
    }

    private void problem(String text) {
        if (problems == null) {
            problems = new ArrayList<>(2);
        }
        problems.add(text);
    }

    /** A stanza's attributes are missing or malformed; answered with {@link ErrorCode#BAD_REQUEST}. */
    public static final class InvalidAttributesException extends ProtocolException {
        private static final long serialVersionUID = 1L;

        InvalidAttributesException(String message) {
            super(ErrorCode.BAD_REQUEST, message);
        }
    }
}

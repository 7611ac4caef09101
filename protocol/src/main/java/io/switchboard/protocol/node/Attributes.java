// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.node;

import java.util.Arrays;

/**
 * A node's attributes: string keys with string values, in the order they were added, keys unique. Immutable.
 *
 * <p>Held as one flat array (key, value, key, value …) because stanzas carry a handful of attributes and a hash
 * map per node would cost more memory and time than a scan of three keys.
 */
public final class Attributes {

    /** No attributes. */
    public static final Attributes EMPTY = new Attributes(new String[0]);

    private final String[] keysAndValues;

    private Attributes(String[] keysAndValues) {
        this.keysAndValues = keysAndValues;
    }

    /**
     * Wraps an array the caller gives up, after checking keys are non-empty and unique.
     *
     * @throws IllegalArgumentException on an odd length, a null, an empty key or a repeated key
     */
    static Attributes of(String[] keysAndValues) {
        if ((keysAndValues.length & 1) != 0) {
            throw new IllegalArgumentException("attributes need a value for every key");
        }
        for (int i = 0; i < keysAndValues.length; i += 2) {
            String key = keysAndValues[i];
            if (key == null || key.isEmpty() || keysAndValues[i + 1] == null) {
                throw new IllegalArgumentException("attribute keys must be non-empty and values non-null");
            }
            if (indexOf(keysAndValues, i, key) >= 0) {
                throw new IllegalArgumentException("attribute '" + key + "' appears twice");
            }
        }
        return keysAndValues.length == 0 ? EMPTY : new Attributes(keysAndValues);
    }

    /** Wraps an array the decoder has already checked (non-empty unique keys, no nulls). */
    static Attributes trusted(String[] keysAndValues) {
        return keysAndValues.length == 0 ? EMPTY : new Attributes(keysAndValues);
    }

    /** Index of {@code key} among the first {@code limit} entries of the flat array, or -1. */
    static int indexOf(String[] keysAndValues, int limit, String key) {
        for (int i = 0; i < limit; i += 2) {
            if (keysAndValues[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    public int size() {
        return keysAndValues.length / 2;
    }

    public boolean isEmpty() {
        return keysAndValues.length == 0;
    }

    public String key(int index) {
        return keysAndValues[2 * index];
    }

    public String value(int index) {
        return keysAndValues[2 * index + 1];
    }

    /** The value of {@code key}, or {@code null} when absent. */
    public String get(String key) {
        int i = indexOf(keysAndValues, keysAndValues.length, key);
        return i < 0 ? null : keysAndValues[i + 1];
    }

    /** A reader that collects every missing or mistyped attribute, to reject a stanza once with all of them. */
    public AttributeReader reader(String tag) {
        return new AttributeReader(tag, this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Attributes other && Arrays.equals(keysAndValues, other.keysAndValues);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(keysAndValues);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            sb.append(i == 0 ? "" : ", ").append(keysAndValues[i]).append('=').append(keysAndValues[i + 1]);
        }
        return sb.append('}').toString();
    }
}

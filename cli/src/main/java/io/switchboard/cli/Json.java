// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One JSON object per line for the scriptable verbs; values are strings, numbers, booleans, nested objects or
 * lists of those, keys in insertion order.
 */
final class Json {
    private final Map<String, Object> fields = new LinkedHashMap<>();

    static Json object() {
        return new Json();
    }

    Json put(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        fields.forEach((key, value) -> {
            if (sb.length() > 1) {
                sb.append(',');
            }
            quote(key, sb);
            sb.append(':');
            value(value, sb);
        });
        return sb.append('}').toString();
    }

    private static void value(Object value, StringBuilder sb) {
        if (value instanceof Number || value instanceof Boolean || value instanceof Json) {
            sb.append(value);
        } else if (value instanceof List<?> list) {
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                value(list.get(i), sb);
            }
            sb.append(']');
        } else {
            quote(String.valueOf(value), sb);
        }
    }

    private static void quote(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}

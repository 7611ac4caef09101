// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** One JSON object per line for the scriptable verbs; values are strings or numbers, keys in insertion order. */
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
            if (value instanceof Number) {
                sb.append(value);
            } else {
                quote(String.valueOf(value), sb);
            }
        });
        return sb.append('}').toString();
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

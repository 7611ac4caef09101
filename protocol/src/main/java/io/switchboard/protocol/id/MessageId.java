// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.id;

import java.util.Objects;

/**
 * A message id, chosen by the sending client and unique per sender: a retry reuses it, and the server drops a
 * second copy by (sender, id). Clients use a per-device counter in lower-case hex, which packs two digits a byte;
 * any 1 to 64 characters of {@code [0-9A-Za-z._-]} are accepted.
 *
 * @param value the id as sent
 */
public record MessageId(String value) {

    public static final int MAX_LENGTH = 64;

    public MessageId {
        Objects.requireNonNull(value, "value");
        if (!isValid(value)) {
            throw new IllegalArgumentException("not a message id: '" + value + "' (1 to " + MAX_LENGTH
                    + " characters of 0-9, A-Z, a-z, '.', '_', '-')");
        }
    }

    public static boolean isValid(String value) {
        int n = value.length();
        if (n == 0 || n > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                    || c == '.' || c == '_' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return value;
    }
}

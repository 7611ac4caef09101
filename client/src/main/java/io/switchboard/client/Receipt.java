// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import io.switchboard.protocol.id.MessageId;
import io.switchboard.protocol.id.UserId;

import java.time.Instant;

/**
 * A receipt for a message this client sent: delivered to the recipient's device (two checks) or read (blue).
 *
 * @param type delivery or read
 * @param from the recipient who received or read it
 * @param id   the id of the message it is about
 * @param time when it happened, by the server's clock
 */
public record Receipt(Type type, UserId from, MessageId id, Instant time) {

    public enum Type {
        DELIVERY("delivery"), READ("read");

        private final String wire;

        Type(String wire) {
            this.wire = wire;
        }

        /** The {@code type} attribute's value. */
        public String wire() {
            return wire;
        }

        /** The type with this wire value, or {@code null}. */
        public static Type fromWire(String value) {
            for (Type t : values()) {
                if (t.wire.equals(value)) {
                    return t;
                }
            }
            return null;
        }
    }
}

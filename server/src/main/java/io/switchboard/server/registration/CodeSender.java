// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.registration;

import io.switchboard.protocol.id.UserId;

/**
 * Delivers a registration code to the owner of a phone number. The default writes it to the server log and
 * {@code DATA/codes.log}; an SMS gateway implements this interface.
 */
public interface CodeSender {

    /**
     * Sends {@code code} to {@code user}'s phone.
     *
     * @throws CodeDeliveryException when the code could not be handed on; the client is told to try again
     */
    void send(UserId user, String code) throws CodeDeliveryException;

    /** The code could not be delivered. */
    final class CodeDeliveryException extends Exception {
        private static final long serialVersionUID = 1L;

        public CodeDeliveryException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

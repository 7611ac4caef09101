// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

/**
 * Why a connection ended.
 *
 * @param errorCode the code of the server's {@code <error>} stanza before it closed (for example 409, replaced by
 *                  a new login; 1003, malformed node), or {@link #NO_ERROR} when it closed without one (network
 *                  failure, server shutdown, or this side closing)
 * @param reason    the error's text, or a short description
 */
public record ConnectionClosed(int errorCode, String reason) {
    public static final int NO_ERROR = 0;
    /** The server's code for a session replaced by a newer login of the same device. */
    public static final int REPLACED = 409;

    public boolean hasError() {
        return errorCode != NO_ERROR;
    }
}

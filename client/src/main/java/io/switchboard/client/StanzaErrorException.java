// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

/**
 * The server refused a request with an error code (PROTOCOL.md §7, §11, §12): for example 401 for an unknown
 * device key at login or a wrong registration code, 403 after too many wrong codes, 429 when rate limited, 413 when
 * the recipient's mailbox is full or the sender's storage quota is used up. The message is "code sentence", the
 * sentence written for the user.
 */
public final class StanzaErrorException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int code;

    public StanzaErrorException(int code, String text) {
        super(code + " " + text);
        this.code = code;
    }

    /** The wire code. */
    public int code() {
        return code;
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli.chat;

/** The chat history could not be read or written; the message says what to check. */
public final class HistoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HistoryException(String message, Throwable cause) {
        super(message, cause);
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.registration;

/**
 * A registration step was refused. {@link #code()} is the stanza error code the session sends back: 400 bad
 * number, 401 wrong code, 403 locked, 404 no pending code, 410 code expired, 429 rate limited, 503 code not sent.
 */
public final class RegistrationException extends Exception {
    private static final long serialVersionUID = 1L;

    public static final int BAD_NUMBER = 400;
    public static final int WRONG_CODE = 401;
    public static final int LOCKED = 403;
    public static final int NO_PENDING_CODE = 404;
    public static final int EXPIRED = 410;
    public static final int RATE_LIMITED = 429;
    public static final int NOT_SENT = 503;

    private final int code;

    public RegistrationException(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public int code() {
        return code;
    }
}

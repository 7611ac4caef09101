// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli.demo;

/** A step of the demo did not happen before the demo's deadline, or failed; the message says which. */
public final class DemoStepFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    DemoStepFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}

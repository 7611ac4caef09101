// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import java.time.Duration;
import java.util.Optional;

/**
 * The server's answer to a registration request: a code was sent to the phone.
 *
 * @param expiresIn how long the code is valid
 * @param devCode   the code itself, only from a server in dev mode (for unattended scripts)
 */
public record RegistrationCode(Duration expiresIn, Optional<String> devCode) {
}

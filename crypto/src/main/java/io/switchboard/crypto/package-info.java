// SPDX-License-Identifier: AGPL-3.0-only
/**
 * Native cryptography from Signal's libsignal for server and client: X25519 for the Noise handshake now,
 * the Signal protocol for end-to-end encryption later.
 */
package io.switchboard.crypto;

// SPDX-License-Identifier: AGPL-3.0-only
/**
 * The key directory of end-to-end encryption (docs/PROTOCOL.md §14): devices upload public identity keys, signed
 * prekeys and pools of one-time prekeys; anyone logged in fetches a user's bundle, consuming one one-time key of each
 * kind. The server checks every signature against the uploader's identity key with libsignal (verification only;
 * it never holds a private key) and keeps the bounds on batches and pools. No Netty, no Pekko: the session turns
 * what this package answers into stanzas and notifications.
 */
package io.switchboard.server.keys;

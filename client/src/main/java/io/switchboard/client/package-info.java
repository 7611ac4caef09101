// SPDX-License-Identifier: AGPL-3.0-only
/**
 * The Java client SDK: connect, handshake, send with client-generated ids, receive, receipts.
 *
 * <p>The SDK arrives with issue 3 ("One-node messaging server and Java client SDK"); until then this module
 * holds no code.
 */
package io.switchboard.client;

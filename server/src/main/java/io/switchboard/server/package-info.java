// SPDX-License-Identifier: AGPL-3.0-only
/**
 * The Switchboard server: transport, sessions, user and group entities, stores.
 *
 * <p>The server arrives with issue 3 ("One-node messaging server and Java client SDK"); until then this module
 * holds no code. The message-path table of STYLE.md §2 lives here once the path exists.
 */
package io.switchboard.server;
